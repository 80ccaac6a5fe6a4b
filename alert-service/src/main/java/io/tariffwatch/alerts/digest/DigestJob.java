package io.tariffwatch.alerts.digest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.alerts.AlertRepository;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.subscriptions.Digest;
import io.tariffwatch.alerts.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
        ObjectNode digest = mapper.createObjectNode();
        digest.put("from", held.get(0).createdAt.withOffsetSameInstant(ZoneOffset.UTC).toString());
        digest.put("until", now.toString());
        ArrayNode items = digest.putArray("alerts");
        for (Alert a : held) {
            ObjectNode item = items.addObject();
            item.put("type", a.type.wireName());
            try {
                item.set("data", mapper.readTree(a.payload));
            } catch (Exception e) {
                throw new IllegalStateException("alert " + a.id + " has no valid payload", e);
            }
            a.digested();
        }
        alerts.enqueue(subscriptionId, "digest-" + held.get(held.size() - 1).id, AlertType.DIGEST, digest.toString());
        LOG.infof("digest of %d alerts for subscription %s", held.size(), subscriptionId);
    }
}
