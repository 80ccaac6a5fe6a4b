package io.tariffwatch.alerts.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.alerts.AlertRepository;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.alerts.NoticeData;
import io.tariffwatch.alerts.subscriptions.Digest;
import io.tariffwatch.alerts.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Daily digests: the alerts held for a {@code digest: daily} subscription become one digest alert, sent
 * through the ordinary delivery queue. Each run groups what is held at that moment; the held alerts are
 * marked DIGESTED in the same transaction, so nothing is sent twice and nothing is left out.
 */
@ApplicationScoped
public class DigestJob {
    private static final Logger LOG = Logger.getLogger(DigestJob.class);

    private final AlertService alerts;
    private final AlertRepository heldAlerts;
    private final ObjectMapper mapper;
    private final Clock clock;

    DigestJob(AlertService alerts, AlertRepository heldAlerts, ObjectMapper mapper, Clock clock) {
        this.alerts = alerts;
        this.heldAlerts = heldAlerts;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** TARIFFWATCH_DIGEST_CRON: when digests go out (default 07:00 UTC every day). */
    @Scheduled(cron = "${tariffwatch.digest.cron:0 0 7 * * ?}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void run() {
        List<UUID> subscriptions = QuarkusTransaction.requiringNew().call(() -> Subscription.<Subscription>list(
                "digest = ?1 and status = ?2", Digest.DAILY, Subscription.Status.ACTIVE)
                .stream().map(s -> s.id).toList());
        for (UUID id : subscriptions) {
            QuarkusTransaction.requiringNew().run(() -> digest(id));
        }
    }

    private void digest(UUID subscriptionId) {
        List<Alert> held = heldAlerts.heldFor(subscriptionId);
        if (held.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<NoticeData.DigestOf.Item> items = new ArrayList<>();
        for (Alert a : held) {
            items.add(new NoticeData.DigestOf.Item(a.type, data(a)));
            a.digested();
        }
        NoticeData.DigestOf digest = new NoticeData.DigestOf(held.get(0).createdAt.withOffsetSameInstant(ZoneOffset.UTC),
                now, items);
        alerts.enqueue(subscriptionId, "digest-" + held.get(held.size() - 1).id, AlertType.DIGEST, digest);
        LOG.infof("digest of %d alerts for subscription %s", held.size(), subscriptionId);
    }

    /** A held alert's data, quoted whole: the digest's e-mail reads it by its type. */
    private JsonNode data(Alert a) {
        try {
            return mapper.readTree(a.payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert " + a.id + " has no valid payload", e);
        }
    }
}
