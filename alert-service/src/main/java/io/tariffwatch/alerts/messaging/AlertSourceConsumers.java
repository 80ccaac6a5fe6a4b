package io.tariffwatch.alerts.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.matching.AlertKind;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.events.PolicyDocument;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.Stage;
import io.tariffwatch.events.Topics;
import io.tariffwatch.support.messaging.DeadLetters;
import io.tariffwatch.events.UpcomingNotice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads rate changes, notices and informational policy events and records the alerts they give. A record
 * that cannot be read goes to the channel's dead-letter topic; a database outage of any length is waited
 * out, the record unacknowledged ({@link DeadLetters#processOrDeadLetter}).
 */
@ApplicationScoped
public class AlertSourceConsumers {
    private final AlertService alerts;
    private final ObjectMapper mapper;
    private final DeadLetters deadLetters;

    AlertSourceConsumers(AlertService alerts, ObjectMapper mapper, DeadLetters deadLetters) {
        this.alerts = alerts;
        this.mapper = mapper;
        this.deadLetters = deadLetters;
    }

    @Incoming("rate-changes")
    @Blocking
    public void rateChange(ConsumerRecord<String, String> record) {
        deadLetters.processOrDeadLetter("rate-changes", record, Topics.RATE_CHANGES_DLQ_ALERT_SERVICE, this::rateChange);
    }

    private void rateChange(String record) {
        RateChange c = read(record, RateChange.class);
        require(c.id() != null && c.imposer() != null && c.partner() != null, "a rate change needs id, imposer, partner");
        RateChange.Cause cause = c.cause();
        // a correction reaches whoever may hold what it corrects, whatever its size: no minDelta for it
        alerts.record(new AlertSource(c.id(), c.correction() ? AlertType.RATE_CORRECTED : AlertType.RATE_CHANGED,
                c.imposer(), List.of(c.partner()), c.product(), kind(cause),
                cause == null ? Stage.ENACTED : cause.stage(), c.correction() ? null : c.delta()), record);
    }

    @Incoming("notices")
    @Blocking
    public void notice(ConsumerRecord<String, String> record) {
        deadLetters.processOrDeadLetter("notices", record, Topics.NOTICES_DLQ_ALERT_SERVICE, this::notice);
    }

    private void notice(String record) {
        UpcomingNotice n = read(record, UpcomingNotice.class);
        require(n.id() != null && n.imposer() != null && n.partner() != null, "a notice needs id, imposer, partner");
        RateChange.Cause cause = n.cause();
        alerts.record(new AlertSource(n.id(), AlertType.RATE_UPCOMING, n.imposer(), List.of(n.partner()), n.product(),
                kind(cause), cause == null ? null : cause.stage(),
                n.upcomingRate() == null || n.currentRate() == null ? null : n.upcomingRate().subtract(n.currentRate())),
                record);
    }

    /** DEAL, TALKS and events not yet enacted inform; enacted rate events arrive as rate changes instead. */
    @Incoming("policy-events")
    @Blocking
    public void policyEvent(ConsumerRecord<String, String> record) {
        deadLetters.processOrDeadLetter("policy-events", record, Topics.POLICY_EVENTS_DLQ_ALERT_SERVICE, this::policyEvent);
    }

    private void policyEvent(String record) {
        PolicyEvent e = read(record, PolicyEvent.class);
        require(e.id() != null && e.imposer() != null && e.kind() != null, "a policy event needs id, imposer, kind");
        if (!e.kind().informational() && e.stageOrDefault() == Stage.ENACTED) {
            return;
        }
        List<String> partners = new ArrayList<>(e.targets() == null ? List.of() : e.targets());
        if (e.deal() != null && e.deal().parties() != null) {
            partners.addAll(e.deal().parties());
        }
        if (e.talks() != null && e.talks().parties() != null) {
            partners.addAll(e.talks().parties());
        }
        alerts.record(new AlertSource(e.id(), AlertType.POLICY_ANNOUNCED, e.imposer(), partners, null,
                AlertKind.of(e.kind()), e.stageOrDefault(), null), record);
    }

    /** Documents of the feeds (README "Feeds"): one alert per document and subscription that asks for them. */
    @Incoming("documents")
    @Blocking
    public void document(ConsumerRecord<String, String> record) {
        deadLetters.processOrDeadLetter("documents", record, Topics.POLICY_DOCUMENTS_DLQ_ALERT_SERVICE, this::document);
    }

    private void document(String record) {
        PolicyDocument d = read(record, PolicyDocument.class);
        require(d.id() != null && d.documentNumber() != null && d.title() != null,
                "a document needs id, documentNumber, title");
        // the Federal Register is the United States' gazette: its documents concern US measures
        alerts.record(new AlertSource(d.id(), AlertType.POLICY_DOCUMENT, "US", List.of(), null,
                AlertKind.DOCUMENT, null, null), record);
    }

    /** The kind filters speak of (the name of the event's kind, or how time ended a measure). */
    private static AlertKind kind(RateChange.Cause cause) {
        return cause == null || cause.kind() == null ? null : AlertKind.of(cause.kind());
    }

    private <T> T read(String record, Class<T> type) {
        try {
            return mapper.readValue(record, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
