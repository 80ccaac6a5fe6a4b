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
import io.tariffwatch.events.UpcomingNotice;
import io.tariffwatch.rates.config.RatesConfig;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.persistence.AppliedEvent;
import io.tariffwatch.rates.persistence.TransitionLedger;
import io.tariffwatch.support.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link TariffBook} of all applied events and emits rate changes and notices. An event is
 * applied once (its id is the key of {@code applied_event}) in one transaction with the rate changes of
 * its instants that have already come; instants still ahead wait in {@link #pending} until the scheduler
 * reaches them — also after downtime: what was missed is emitted on start, once, by the ledger of
 * emitted transitions. Notices go out when the first of the configured lead times before an instant
 * begins, one per lead (a lead whose window was missed is skipped when a shorter one has begun too).
 */
@ApplicationScoped
public class RateEngine {
    private static final Logger LOG = Logger.getLogger(RateEngine.class);
    /** A rebuild writes every applied event in one transaction. */
    private static final int REBUILD_TRANSACTION_SECONDS = 600;

    private final ObjectMapper mapper;
    private final Outbox outbox;
    private final TransitionLedger ledger;
    private final Clock clock;
    private final MeterRegistry meters;
    private final List<Duration> noticeLeads;

    private volatile TariffBook book;
    /** Transitions not yet emitted, by instant: the events that bring each. */
    private final TreeMap<Instant, Set<String>> pending = new TreeMap<>();
    private final Map<String, PolicyEvent> eventsById = new HashMap<>();
    private Set<String> noticesSent = Set.of();

    RateEngine(ObjectMapper mapper, Outbox outbox, TransitionLedger ledger, Clock clock, MeterRegistry meters,
               RatesConfig config) {
        this.mapper = mapper;
        this.outbox = outbox;
        this.ledger = ledger;
        this.clock = clock;
        this.meters = meters;
        this.noticeLeads = config.rates().noticeLeads().stream().sorted(Comparator.reverseOrder()).toList();
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
        noticesSent = new HashSet<>(ledger.noticesSent());
        List<AppliedEvent> applied = QuarkusTransaction.requiringNew().call(AppliedEvent::allInOrder);
        pending.clear();
        eventsById.clear();
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
            recordApplied(event, now);
            for (Instant t : TariffBook.instantsOf(event)) {
                if (!t.isAfter(now) && ledger.claim(event.id(), t)) {
                    emitChanges(next, event, t, now);
                }
            }
            return true;
        });
        book = next;
        eventsById.put(event.id(), event);
        if (applied) {
            addPending(pending, event, now);
            meters.counter("tariffwatch.rates.events.applied", "kind", event.kind().name()).increment();
        }
        return applied;
    }

    private void recordApplied(PolicyEvent event, Instant now) {
        AppliedEvent row = new AppliedEvent();
        row.eventId = event.id();
        row.imposer = event.imposer();
        row.sequence = event.sequence();
        row.payload = write(event);
        row.appliedAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        row.persist();
    }

    private static void addPending(TreeMap<Instant, Set<String>> pending, PolicyEvent event, Instant now) {
        for (Instant t : TariffBook.instantsOf(event)) {
            if (t.isAfter(now)) {
                pending.computeIfAbsent(t, k -> new TreeSet<>()).add(event.id());
            }
        }
    }

    /**
     * Forgets every applied event and applies those of {@code policyEventLog} (all of {@code policy.events},
     * in sequence order), emitting nothing for transitions that have already come. Atomic: the log is read
     * and the new book built aside while consumption waits (it needs this engine's monitor); the tables are
     * replaced in one transaction, and the new book swapped in only after it commits. Readers see the old
     * book until then; a failure or crash at any point leaves the old state whole.
     */
    public record Rebuilt(int eventsRead, int eventsApplied) {
    }

    public synchronized Rebuilt rebuild(Supplier<List<PolicyEvent>> policyEventLog) {
        List<PolicyEvent> events = policyEventLog.get();
        Instant now = clock.instant();
        TariffBook built = TariffBook.empty();
        Map<String, PolicyEvent> builtById = new HashMap<>();
        TreeMap<Instant, Set<String>> builtPending = new TreeMap<>();
        List<PolicyEvent> applied = new ArrayList<>();
        for (PolicyEvent e : events) {
            if (!built.contains(e.id())) {
                built = built.with(e);
                builtById.put(e.id(), e);
                addPending(builtPending, e, now);
                applied.add(e);
            }
        }
        QuarkusTransaction.requiringNew().timeout(REBUILD_TRANSACTION_SECONDS).run(() -> {
            ledger.clearAll();
            for (PolicyEvent e : applied) {
                recordApplied(e, now);
                for (Instant t : TariffBook.instantsOf(e)) {
                    if (!t.isAfter(now)) {
                        ledger.claim(e.id(), t); // came already: subscribers heard of it before
                    }
                }
            }
        });
        book = built;
        eventsById.clear();
        eventsById.putAll(builtById);
        pending.clear();
        pending.putAll(builtPending);
        noticesSent = new HashSet<>();
        LOG.infof("rebuilt from %d events (%d applied)", events.size(), applied.size());
        return new Rebuilt(events.size(), applied.size());
    }

    /** Emits the rate changes of transitions whose instant has come, then the notices that are due. */
    @Scheduled(every = "${tariffwatch.rates.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        TariffBook current = book();
        Instant now = clock.instant();
        while (!pending.isEmpty() && !pending.firstKey().isAfter(now)) {
            Map.Entry<Instant, Set<String>> due = pending.firstEntry();
            QuarkusTransaction.requiringNew().run(() -> {
                for (String eventId : due.getValue()) {
                    if (ledger.claim(eventId, due.getKey())) {
                        emitChanges(current, eventsById.get(eventId), due.getKey(), now);
                    }
                }
            });
            pending.remove(due.getKey());
        }
        sendDueNotices(current, now);
    }

    private void sendDueNotices(TariffBook current, Instant now) {
        if (noticeLeads.isEmpty()) {
            return;
        }
        for (Map.Entry<Instant, Set<String>> upcoming : pending.tailMap(now, false).entrySet()) {
            Instant t = upcoming.getKey();
            Duration ahead = Duration.between(now, t);
            // the shortest lead whose window has begun: longer ones that were missed are not sent late
            Duration lead = noticeLeads.stream().filter(l -> l.compareTo(ahead) >= 0)
                    .min(Comparator.naturalOrder()).orElse(null);
            if (lead == null) {
                continue;
            }
            for (String eventId : upcoming.getValue()) {
                if (noticesSent.contains(TransitionLedger.noticeKey(eventId, t, lead))) {
                    continue;
                }
                QuarkusTransaction.requiringNew().run(() -> {
                    noticeLeads.stream().filter(l -> l.compareTo(lead) > 0).forEach(l -> ledger.claimNotice(eventId, t, l));
                    if (ledger.claimNotice(eventId, t, lead)) {
                        emitNotices(current, eventsById.get(eventId), t, lead);
                    }
                });
                for (Duration l : noticeLeads) {
                    if (l.compareTo(lead) >= 0) {
                        noticesSent.add(TransitionLedger.noticeKey(eventId, t, l));
                    }
                }
            }
        }
    }

    private RateChangeFactory.CauseResolver causes(TariffBook b, PolicyEvent event) {
        return (partner, at) -> {
            boolean startsHere = event.effectiveFrom() != null && event.effectiveFrom().toInstant().equals(at);
            return startsHere ? new TariffBook.Cause(event.kind().name(), event, event.id())
                    : b.causeAt(event.imposer(), partner, at);
        };
    }

    private void emitChanges(TariffBook b, PolicyEvent event, Instant t, Instant now) {
        List<RateChange> changes = RateChangeFactory.changes(b, event, t, now, causes(b, event));
        for (RateChange change : changes) {
            outbox.add(Topics.RATE_CHANGES, change.key(), change.id(), CloudEvents.TYPE_RATE_CHANGED, write(change));
        }
        meters.counter("tariffwatch.rates.changes.emitted").increment(changes.size());
    }

    private void emitNotices(TariffBook b, PolicyEvent event, Instant t, Duration lead) {
        List<UpcomingNotice> notices = RateChangeFactory.notices(b, event, t, lead, causes(b, event));
        for (UpcomingNotice notice : notices) {
            outbox.add(Topics.NOTICES, notice.key(), notice.id(), CloudEvents.TYPE_RATE_UPCOMING, write(notice));
        }
        meters.counter("tariffwatch.rates.notices.emitted").increment(notices.size());
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
