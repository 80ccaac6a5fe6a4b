package io.tariffwatch.rates.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.events.CloudEvents;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.Topics;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.persistence.AppliedEvent;
import io.tariffwatch.rates.persistence.TransitionLedger;
import io.tariffwatch.support.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link TariffBook} of all applied events and emits rate changes. An event is applied once
 * (its id is the key of {@code applied_event}) in one transaction with the rate changes of its instants
 * that have already come; instants still ahead wait in {@link #pending} until the scheduler reaches them
 * (also after downtime: what was missed is emitted on start, once, by the ledger of emitted transitions).
 */
@ApplicationScoped
public class RateEngine {
    private static final Logger LOG = Logger.getLogger(RateEngine.class);

    private final ObjectMapper mapper;
    private final Outbox outbox;
    private final TransitionLedger ledger;
    private final Clock clock;
    private final MeterRegistry meters;

    private volatile TariffBook book;
    /** Future transitions by instant: the events that bring each. */
    private final TreeMap<Instant, Set<String>> pending = new TreeMap<>();
    private final Map<String, PolicyEvent> eventsById = new java.util.HashMap<>();

    RateEngine(ObjectMapper mapper, Outbox outbox, TransitionLedger ledger, Clock clock, MeterRegistry meters) {
        this.mapper = mapper;
        this.outbox = outbox;
        this.ledger = ledger;
        this.clock = clock;
        this.meters = meters;
    }

    /** The current book; loaded from the database on first use. */
    public TariffBook book() {
        TariffBook b = book;
        if (b == null) {
            synchronized (this) {
                if (book == null) {
                    load();
                }
                b = book;
            }
        }
        return b;
    }

    private void load() {
        TariffBook loaded = TariffBook.empty();
        Set<String> emitted = ledger.emitted();
        List<AppliedEvent> applied = QuarkusTransaction.requiringNew().call(AppliedEvent::allInOrder);
        for (AppliedEvent a : applied) {
            PolicyEvent event = parse(a.payload);
            loaded = loaded.with(event);
            eventsById.put(event.id(), event);
            for (Instant t : TariffBook.instantsOf(event)) {
                if (!emitted.contains(TransitionLedger.key(event.id(), t))) {
                    pending.computeIfAbsent(t, k -> new TreeSet<>()).add(event.id());
                }
            }
        }
        book = loaded;
        LOG.infof("loaded %d applied events, %d transitions pending", applied.size(), pending.size());
    }

    /** Applies a recorded policy event once; a redelivered one changes nothing and emits nothing. */
    public synchronized boolean apply(PolicyEvent event) {
        TariffBook current = book();
        if (current.contains(event.id())) {
            return false;
        }
        Instant now = clock.instant();
        TariffBook next = current.with(event);
        boolean applied = QuarkusTransaction.requiringNew().call(() -> {
            if (AppliedEvent.findById(event.id()) != null) {
                return false;
            }
            AppliedEvent row = new AppliedEvent();
            row.eventId = event.id();
            row.imposer = event.imposer();
            row.sequence = event.sequence();
            row.payload = mapper.writeValueAsString(event);
            row.appliedAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            row.persist();
            for (Instant t : TariffBook.instantsOf(event)) {
                if (!t.isAfter(now) && ledger.claim(event.id(), t)) {
                    emit(next, event, t, now);
                }
            }
            return true;
        });
        book = next;
        eventsById.put(event.id(), event);
        if (applied) {
            for (Instant t : TariffBook.instantsOf(event)) {
                if (t.isAfter(now)) {
                    pending.computeIfAbsent(t, k -> new TreeSet<>()).add(event.id());
                }
            }
            meters.counter("tariffwatch.rates.events.applied", "kind", event.kind().name()).increment();
        }
        return applied;
    }

    /** Emits the rate changes of transitions whose instant has come. */
    @Scheduled(every = "${tariffwatch.rates.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        TariffBook current = book();
        Instant now = clock.instant();
        while (!pending.isEmpty() && !pending.firstKey().isAfter(now)) {
            Map.Entry<Instant, Set<String>> due = pending.firstEntry();
            QuarkusTransaction.requiringNew().run(() -> {
                for (String eventId : due.getValue()) {
                    if (ledger.claim(eventId, due.getKey())) {
                        emit(current, eventsById.get(eventId), due.getKey(), now);
                    }
                }
            });
            pending.remove(due.getKey());
        }
    }

    private void emit(TariffBook b, PolicyEvent event, Instant t, Instant now) {
        List<RateChange> changes = RateChangeFactory.changes(b, event, t, now, (partner, at) -> {
            boolean startsHere = event.effectiveFrom() != null && event.effectiveFrom().toInstant().equals(at);
            return startsHere ? new TariffBook.Cause(event.kind().name(), event, event.id())
                    : b.causeAt(event.imposer(), partner, at);
        });
        for (RateChange change : changes) {
            outbox.add(Topics.RATE_CHANGES, change.key(), change.id(), CloudEvents.TYPE_RATE_CHANGED, write(change));
        }
        meters.counter("tariffwatch.rates.changes.emitted").increment(changes.size());
    }

    public PolicyEvent parse(String json) {
        try {
            return mapper.readValue(json, PolicyEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a policy event: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
