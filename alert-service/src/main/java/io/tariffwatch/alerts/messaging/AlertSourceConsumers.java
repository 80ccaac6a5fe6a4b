package io.tariffwatch.alerts.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertService.Sourced;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.matching.AlertKind;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.alerts.matching.SubscriptionIndex;
import io.tariffwatch.alerts.subscriptions.ActiveSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyDocument;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.Stage;
import io.tariffwatch.events.Topics;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.support.messaging.DeadLetters;
import io.tariffwatch.support.messaging.PatientConsumer;
import io.tariffwatch.events.UpcomingNotice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads rate changes, notices, informational policy events and documents, a poll at a time, and records the
 * alerts they give (rate changes and notices only where some subscription may take their pair). A record that
 * cannot be read goes to the channel's dead-letter topic; a database outage
 * of any length is waited out, the poll unacknowledged ({@link DeadLetters#processAllOrDeadLetter}).
 */
@ApplicationScoped
public class AlertSourceConsumers {
    private final AlertService alerts;
    private final ObjectMapper mapper;
    private final DeadLetters deadLetters;
    private final PatientConsumer patience;
    private final MeterRegistry meters;

    AlertSourceConsumers(AlertService alerts, ObjectMapper mapper, DeadLetters deadLetters, PatientConsumer patience,
                         MeterRegistry meters) {
        this.alerts = alerts;
        this.mapper = mapper;
        this.deadLetters = deadLetters;
        this.patience = patience;
        this.meters = meters;
    }

    @Incoming("rate-changes")
    @Blocking
    public void rateChanges(ConsumerRecords<String, String> records) {
        recordByPair("rate-changes", records, Topics.RATE_CHANGES_DLQ_ALERT_SERVICE, this::rateChange);
    }

    /**
     * Records keyed {@code IMPOSER:PARTNER} (README "Topics"): read and recorded only where some active subscription
     * may take the pair; the others are acknowledged unread and counted — most rate changes concern pairs no one
     * follows, and reading each had been half of this service's work. A record without such a key is read.
     */
    private void recordByPair(String channel, ConsumerRecords<String, String> records, String deadLetterTopic,
                              Function<String, Optional<Sourced>> reading) {
        SubscriptionIndex<ActiveSubscriptions.Active> subscribed = patience.untilAnswered(channel, alerts::subscribed);
        List<ConsumerRecord<String, String>> taken = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            if (TradePair.fromKey(r.key()).map(pair -> subscribed.mayTake(pair.imposer(), pair.partner())).orElse(true)) {
                taken.add(r);
            }
        }
        meters.counter("tariffwatch.records.unread", "channel", channel).increment(records.count() - taken.size());
        recordAll(channel, taken, deadLetterTopic, reading, () -> subscribed);
    }

    private Optional<Sourced> rateChange(String record) {
        RateChange c = read(record, RateChange.class);
        require(c.id() != null && c.imposer() != null && c.partner() != null, "a rate change needs id, imposer, partner");
        RateChange.Cause cause = c.cause();
        // a correction reaches whoever may hold what it corrects, whatever its size: no minDelta for it
        return sourced(new AlertSource(c.id(), c.correction() ? AlertType.RATE_CORRECTED : AlertType.RATE_CHANGED,
                c.imposer(), List.of(c.partner()), c.product(), kind(cause),
                cause == null ? Stage.ENACTED : cause.stage(), c.correction() ? null : c.delta()), record);
    }

    @Incoming("notices")
    @Blocking
    public void notices(ConsumerRecords<String, String> records) {
        recordByPair("notices", records, Topics.NOTICES_DLQ_ALERT_SERVICE, this::notice);
    }

    private Optional<Sourced> notice(String record) {
        UpcomingNotice n = read(record, UpcomingNotice.class);
        require(n.id() != null && n.imposer() != null && n.partner() != null, "a notice needs id, imposer, partner");
        RateChange.Cause cause = n.cause();
        return sourced(new AlertSource(n.id(), AlertType.RATE_UPCOMING, n.imposer(), List.of(n.partner()), n.product(),
                kind(cause), cause == null ? null : cause.stage(),
                n.upcomingRate() == null || n.currentRate() == null ? null : n.upcomingRate().subtract(n.currentRate())),
                record);
    }

    /** DEAL, TALKS and events not yet enacted inform; enacted rate events arrive as rate changes instead. */
    @Incoming("policy-events")
    @Blocking
    public void policyEvents(ConsumerRecords<String, String> records) {
        recordAll("policy-events", records, Topics.POLICY_EVENTS_DLQ_ALERT_SERVICE, this::policyEvent, alerts::subscribed);
    }

    private Optional<Sourced> policyEvent(String record) {
        PolicyEventHead head = read(record, PolicyEventHead.class);
        require(head.id() != null && head.imposer() != null && head.kind() != null,
                "a policy event needs id, imposer, kind");
        if (!head.informs()) {
            return Optional.empty();
        }
        PolicyEvent e = read(record, PolicyEvent.class);
        List<String> partners = new ArrayList<>(e.targets() == null ? List.of() : e.targets());
        if (e.deal() != null && e.deal().parties() != null) {
            partners.addAll(e.deal().parties());
        }
        if (e.talks() != null && e.talks().parties() != null) {
            partners.addAll(e.talks().parties());
        }
        return sourced(new AlertSource(e.id(), AlertType.POLICY_ANNOUNCED, e.imposer(), partners, null,
                AlertKind.of(e.kind()), e.stageOrDefault(), null), record);
    }

    /**
     * What a policy event is, read before the whole of it: most are enacted rate events, which inform no one here,
     * and binding each whole (dates, numbers, lists) had been a fifth of this service's work in a replayed history.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PolicyEventHead(String id, String imposer, Kind kind, Stage stage) {
        /** DEAL and TALKS inform, and so does any event not yet enacted (no stage: enacted). */
        boolean informs() {
            return kind.informational() || (stage != null && stage != Stage.ENACTED);
        }
    }

    /** Documents of the feeds (README "Feeds"): one alert per document and subscription that asks for them. */
    @Incoming("documents")
    @Blocking
    public void documents(ConsumerRecords<String, String> records) {
        recordAll("documents", records, Topics.POLICY_DOCUMENTS_DLQ_ALERT_SERVICE, this::document, alerts::subscribed);
    }

    private Optional<Sourced> document(String record) {
        PolicyDocument d = read(record, PolicyDocument.class);
        require(d.id() != null && d.documentNumber() != null && d.title() != null,
                "a document needs id, documentNumber, title");
        // the Federal Register is the United States' gazette: its documents concern US measures
        return sourced(new AlertSource(d.id(), AlertType.POLICY_DOCUMENT, "US", List.of(), null,
                AlertKind.DOCUMENT, null, null), record);
    }

    /** A poll's records: each read by itself (one that cannot be read is dead-lettered alone), their alerts
     * recorded together for the subscriptions {@code subscribed} gives — asked only when the poll gives alert sources
     * (most policy events are enacted rate events, which arrive as rate changes instead). */
    private void recordAll(String channel, Iterable<ConsumerRecord<String, String>> records, String deadLetterTopic,
                           Function<String, Optional<Sourced>> reading,
                           Supplier<SubscriptionIndex<ActiveSubscriptions.Active>> subscribed) {
        deadLetters.processAllOrDeadLetter(channel, records, deadLetterTopic, reading, read -> {
            List<Sourced> sources = read.stream().flatMap(Optional::stream).toList();
            if (!sources.isEmpty()) {
                alerts.record(subscribed.get(), sources);
            }
        });
    }

    private static Optional<Sourced> sourced(AlertSource source, String record) {
        return Optional.of(new Sourced(source, record));
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
