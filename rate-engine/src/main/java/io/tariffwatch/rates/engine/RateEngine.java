package io.tariffwatch.rates.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.announcing.Announcements;
import io.tariffwatch.rates.announcing.NoticeLeads;
import io.tariffwatch.rates.config.RatesConfig;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.messaging.PolicyEventLog;
import io.tariffwatch.rates.persistence.AnnouncementRepository;
import io.tariffwatch.rates.persistence.AppliedEvent;
import io.tariffwatch.rates.persistence.ReplicaRepository;
import io.tariffwatch.rates.persistence.ReplicaRepository.RebuildOutcome;
import io.tariffwatch.rates.replicas.Leadership;
import io.tariffwatch.rates.replicas.Leadership.LeadershipLost;
import io.tariffwatch.support.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link TariffBook} of all applied events and tells subscribers what it does to duties. An
 * event is applied once (its id is the key of {@code applied_event}); in the same transaction the engine
 * diffs the timelines of every pair the event touches, over all time up to now, against what subscribers
 * were told ({@link Announcements}) and publishes exactly the differences: new transitions, corrections,
 * withdrawals. Transitions still ahead are revised by the scheduler when they come — also after downtime:
 * the start revises everything up to now. Notices go out when the first of the configured lead times
 * before a transition begins, one per lead (a lead whose window was missed is skipped when a shorter one
 * has begun too).
 *
 * <p>Several replicas may run (README "Scaling"): each keeps the whole book from every partition of
 * {@code policy.events}; the one that holds the {@link Leadership} writes — records applied events, publishes,
 * runs the scheduler — and the others follow, applying events to their books alone. Taking the lead loads
 * what the last leader wrote, records the events it lacks and publishes what differs, as a start does.
 */
@ApplicationScoped
public class RateEngine {
    private static final Logger LOG = Logger.getLogger(RateEngine.class);
    /** A rebuild writes every applied event in one transaction. */
    private static final int REBUILD_TRANSACTION_SECONDS = 600;
    private static final int TRANSACTION_SECONDS = 60;

    private final ObjectMapper mapper;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Leadership leadership;
    private final ReplicaRepository replicas;
    private final PolicyEventLog policyEventLog;

    private final CurrentBook book;
    /** What subscribers are told: the leader's state, kept under this engine's monitor. */
    private final Announcer announcer;
    private final HeardEvents heard = new HeardEvents();
    private volatile boolean stopping;

    RateEngine(ObjectMapper mapper, Outbox outbox, AnnouncementRepository announced, Clock clock, MeterRegistry meters,
               RatesConfig config, Leadership leadership, ReplicaRepository replicas, PolicyEventLog policyEventLog) {
        this.mapper = mapper;
        this.clock = clock;
        this.meters = meters;
        this.announcer = new Announcer(outbox, announced, meters, NoticeLeads.of(config.rates().noticeLeads()));
        this.leadership = leadership;
        this.replicas = replicas;
        this.policyEventLog = policyEventLog;
        this.book = new CurrentBook(replicas, this::parse, this);
    }

    /** The current book; loaded from the database on first use. */
    public TariffBook book() {
        return book.get();
    }

    /** Whether this replica's book has been loaded. */
    public boolean loaded() {
        return book.loaded();
    }

    /** Whether this replica leads (writes and publishes) now. */
    public boolean leading() {
        return leadership.leading();
    }

    /** Asks for the lead as soon as the service is up, so that a lone replica leads before its first record. */
    void onStart(@Observes StartupEvent start) {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warnf("first tick failed, the next one tries again: %s", e.getMessage());
        }
    }

    /** Stopping: no more ticks, and the lead handed over at once rather than when the process ends. */
    synchronized void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (leadership.leading()) {
            stepDown();
            LOG.info("stopping: gave up the lead");
        }
    }

    /**
     * Taking the lead: the book of what the database holds, what subscribers were told, and whatever came
     * while no replica led — revised and published now; then the events this replica heard while following
     * and the database lacks are applied as a leader applies them.
     */
    private void takeOver() {
        TariffBook following = book.current();
        List<PolicyEvent> heardHere = heard.all();
        try {
            TariffBook loaded = book.load();
            announcer.reload();
            Instant now = clock.instant();
            Announcer.Pending all = announcer.reviseAll(loaded, now);
            asLeader(TRANSACTION_SECONDS, () -> {
                if (announcer.seedIfNeeded(all, now)) {
                    LOG.infof("recorded %d announced transitions of the earlier ledger as published", all.revisions());
                } else {
                    announcer.publish(all.round(), loaded, k -> null, now);
                }
            });
            announcer.committedWhole(all, now);
            book.replace(loaded);
            applyAll(heardHere);
            heard.clear();
            LOG.infof("took the lead: %d revisions published, %d events heard while following", all.revisions(),
                    heardHere.size());
        } catch (RuntimeException e) {
            // following again with the book it had: nothing of the attempt is kept
            book.replace(following);
            stepDown();
            throw e;
        }
    }

    /** Following again: the lead's state is dropped, the book kept. */
    private void stepDown() {
        leadership.release();
        announcer.forget();
    }

    /** Runs {@code work} in a transaction fenced by the lead: it fails, and this replica follows, once another leads. */
    private <T> T asLeader(int timeoutSeconds, Callable<T> work) {
        try {
            return QuarkusTransaction.requiringNew().timeout(timeoutSeconds).call(() -> {
                leadership.fence();
                return work.call();
            });
        } catch (LeadershipLost lost) {
            LOG.warn(lost.getMessage());
            stepDown();
            throw lost;
        }
    }

    private void asLeader(int timeoutSeconds, Runnable work) {
        asLeader(timeoutSeconds, () -> {
            work.run();
            return null;
        });
    }

    /** Applies a recorded policy event once; a redelivered one changes nothing and publishes nothing. */
    public boolean apply(PolicyEvent event) {
        return applyAll(List.of(event)) == 1;
    }

    /**
     * Applies recorded policy events in their order, each once, as one step: the timelines of every pair
     * they touch are computed once on the resulting book and diffed once against what subscribers were told,
     * in one transaction (so a burst or a replay costs one diff per pair, not one per event; a move that
     * one event of the batch made and a later one took back is never announced). Returns how many were new.
     */
    public synchronized int applyAll(List<PolicyEvent> events) {
        TariffBook current = book.get();
        Set<String> taken = new HashSet<>();
        List<PolicyEvent> fresh = events.stream().filter(e -> !current.contains(e) && taken.add(e.id())).toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        TariffBook next = current.withAll(fresh);
        if (!leadership.leading()) {
            book.replace(next);
            heard.add(fresh);
            return fresh.size();
        }
        // a withdrawal's cause: the last event of the batch that touched its pair
        Map<TradePair, PolicyEvent> lastTouch = new LinkedHashMap<>();
        for (PolicyEvent e : fresh) {
            next.pairsTouchedBy(e).forEach(p -> lastTouch.put(p, e));
        }
        Instant now = clock.instant();
        long started = System.nanoTime();
        Announcer.Pending pending = announcer.revise(next, lastTouch.keySet(), now);
        long computed = System.nanoTime();
        TariffBook applied = next;
        int recorded = asLeader(TRANSACTION_SECONDS, () -> {
            int newlyRecorded = AppliedEvent.recordAll(fresh, this::write, now);
            if (newlyRecorded == 0) {
                return 0; // an earlier leader applied them: it published too
            }
            announcer.publish(pending.round(), applied, k -> lastTouch.get(k.pair()), now);
            return newlyRecorded;
        });
        book.replace(applied);
        if (recorded > 0) {
            announcer.published(pending);
        } else {
            announcer.publishedElsewhere(pending);
        }
        LOG.debugf("applied %d of %d events: %d pairs, %d revisions; timelines and diff %d ms, transaction %d ms",
                recorded, events.size(), lastTouch.size(), pending.revisions(), (computed - started) / 1_000_000,
                (System.nanoTime() - computed) / 1_000_000);
        if (recorded > 0) {
            fresh.forEach(e -> meters.counter("tariffwatch.rates.events.applied", "kind", e.kind().name()).increment());
        }
        return recorded;
    }

    /**
     * Forgets every applied event and applies those of {@code policyEventLog} (all of {@code policy.events},
     * in sequence order), publishing only where the rebuilt timelines differ from what subscribers were
     * told. Atomic: the log is read and the new book built aside while consumption waits (it needs this
     * engine's monitor); the tables are replaced in one transaction, and the new book swapped in only after
     * it commits. Readers see the old book until then; a failure or crash at any point leaves the old
     * state whole. Only the leader rebuilds ({@link LeadershipLost} otherwise); the transaction advances the
     * book's generation, so the other replicas reload, and completes every rebuild asked for.
     */
    public synchronized RebuildOutcome rebuild(Supplier<List<PolicyEvent>> policyEventLog) {
        if (!leadership.leading()) {
            throw new LeadershipLost(leadership.replica());
        }
        List<PolicyEvent> events = policyEventLog.get();
        Instant now = clock.instant();
        Set<String> taken = new HashSet<>();
        List<PolicyEvent> applied = events.stream().filter(e -> taken.add(e.imposer() + "/" + e.id())).toList();
        TariffBook rebuilt = TariffBook.empty().withAll(applied);
        Announcer.Pending all = announcer.reviseAll(rebuilt, now);
        RebuildOutcome outcome = new RebuildOutcome(events.size(), applied.size());
        long generation = asLeader(REBUILD_TRANSACTION_SECONDS, () -> {
            AppliedEvent.forgetAll();
            AppliedEvent.recordAll(applied, this::write, now);
            announcer.publish(all.round(), rebuilt, k -> null, now);
            replicas.rebuildsCompleted(outcome, now);
            return replicas.advanceBookGeneration();
        });
        book.rebuilt(rebuilt, generation);
        announcer.committedWhole(all, now);
        LOG.infof("rebuilt from %d events (%d applied, %d revisions published)", events.size(), applied.size(),
                all.revisions());
        return outcome;
    }

    /**
     * Every second: the lead asked for or checked; then the leader revises the pairs whose transitions have
     * come, sends the notices that are due and runs a rebuild another replica was asked for, while a follower
     * reloads its book after a rebuild and forgets the events it heard that are recorded.
     */
    @Scheduled(every = "${tariffwatch.rates.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        if (stopping) {
            return;
        }
        switch (leadership.refresh()) {
            // a takeover loads the book from the database itself: loading it first would do that twice on start
            case ACQUIRED -> takeOver();
            case LOST -> stepDown();
            case NONE -> {
            }
        }
        book.get();
        if (leadership.leading()) {
            try {
                lead();
            } catch (LeadershipLost lost) {
                // stepped down: the next tick follows
            }
        } else {
            try {
                follow();
            } catch (RuntimeException e) {
                // the database is away: the book goes on with the topic, and is checked again next second
                LOG.debugf("following: %s", e.getMessage());
            }
        }
    }

    private void lead() {
        announcer.tick(book.get(), clock.instant(), work -> asLeader(TRANSACTION_SECONDS, work));
        if (replicas.rebuildPending()) {
            rebuild(policyEventLog::readAll);
        }
    }

    private void follow() {
        if (book.outdated()) {
            TariffBook loaded = book.load();
            book.replace(loaded.withAll(heard.keepThoseMissingFrom(loaded)));
            return;
        }
        heard.forgetRecorded();
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
