package io.tariffwatch.rates.domain;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Stage;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.domain.MeasureTimeline.Part;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashSet;

/**
 * Every applied policy event of every imposer, as facts indexed by imposer (and, on first use, by stage and
 * partner): the index the rules of the README's "How tariffs are computed" read. The rules live beside it — a
 * measure's timeline ({@link MeasureTimeline}), stacking ({@link PairDuties}), cause attribution
 * ({@link CauseAttribution}), which partners events concern ({@link Partners}), a duty's series
 * ({@link DutySeries}) — and the book hands each the facts it needs. Immutable: {@link #with} returns a new
 * book, so readers never see half an event. Rates are computed from the events each time: a retroactive event
 * rewrites history by construction.
 */
public final class TariffBook {
    private static final long CHANGES_PER_EVENT = 10_000;
    /** Facts published since a pair was prepared that extending it still reads one by one; beyond them the pair is
     * prepared anew from the index (which walks only what concerns the partner). */
    private static final int MAX_FACTS_TO_EXTEND_BY = 4_096;

    private final Map<String, FactLog> factsByImposer;
    /** The values the events repeat, held once: shared with the books that follow this one. */
    private final SharedValues shared;
    /** Each pair's duties, prepared when first asked for: the book never changes, so neither do they. */
    private final Map<PairKey, PairDuties> pairs = new ConcurrentHashMap<>();
    /**
     * Per imposer, the pairs prepared by this book and the books before it that share its facts' log ({@link FactLog}:
     * the same facts up to each pair's {@link PairDuties#preparedUpTo}), the latest of each pair: a book takes the
     * imposers' maps over, not their pairs (copying every prepared pair into each new book was a sixth of the
     * engine's time over the synthetic history), and extends a pair by what its imposer gained since
     * (an imposer of hundreds of measures per partner gains one or two on a pair per poll).
     */
    private final Map<String, Map<PairKey, PairDuties>> preparedByImposer;
    /** Per imposer and stage: its facts indexed for preparing pairs (built on first use). */
    private final Map<IndexKey, ImposerFacts> indexes = new ConcurrentHashMap<>();
    /** Per imposer, stage and order: the measures of the facts after it ({@link #measuresAfter}). */
    private final Map<FactsAfter, Set<String>> measuresAfter = new ConcurrentHashMap<>();

    /** Of a pair, whose hash spreads (a record of the two codes would not: see {@link TradePair#HASH_SPREAD}). */
    private record PairKey(TradePair pair, Stage minStage) {
    }

    private record IndexKey(String imposer, Stage minStage) {
    }

    private record FactsAfter(String imposer, Stage minStage, long order) {
    }

    private TariffBook(Map<String, FactLog> factsByImposer, SharedValues shared,
                       Map<String, Map<PairKey, PairDuties>> preparedByImposer) {
        this.factsByImposer = factsByImposer;
        this.shared = shared;
        this.preparedByImposer = preparedByImposer;
    }

    public static TariffBook empty() {
        return new TariffBook(Map.of(), new SharedValues(), new ConcurrentHashMap<>());
    }

    /** Whether the event has been applied (an event keeps its imposer when it is delivered again). */
    public boolean contains(PolicyEvent event) {
        FactLog facts = factsByImposer.get(event.imposer());
        return facts != null && facts.containsEvent(event.id());
    }

    /**
     * This book plus {@code event} (a recorded event: its {@code sequence} orders it among the others). The event's
     * facts are appended to its imposer's log, which the books share ({@link FactLog}): applying costs what the event
     * holds, unless it is sequenced before the imposer's latest, when that imposer's facts are sorted anew.
     */
    public TariffBook with(PolicyEvent event) {
        return withAll(List.of(event));
    }

    /** This book plus {@code events}, each imposer's appended once for all of its events (a replay, a burst);
     * events it holds already, or twice in the list, are taken once. */
    public TariffBook withAll(List<PolicyEvent> events) {
        Map<String, FactLog> facts = new HashMap<>(factsByImposer);
        Map<String, List<Fact>> appended = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (PolicyEvent event : events) {
            Objects.requireNonNull(event.sequence(), "a recorded event has a sequence");
            if (!contains(event) && taken.add(event.imposer() + " " + event.id())) {
                appended.computeIfAbsent(event.imposer(), i -> new ArrayList<>()).addAll(factsOf(event));
            }
        }
        Map<String, Map<PairKey, PairDuties>> prepared = new ConcurrentHashMap<>(preparedByImposer);
        Set<String> reordered = new HashSet<>();
        appended.forEach((imposer, added) -> {
            FactLog before = factsByImposer.get(imposer);
            long lastBefore = before == null ? Long.MIN_VALUE : before.lastOrder();
            if (isOrdered(added) && added.get(0).order() > lastBefore) {
                FactLog after = before == null ? FactLog.of(added) : before.appended(added);
                facts.put(imposer, after);
                if (!after.continues(before)) {
                    prepared.remove(imposer); // a copy, as another book had appended to the log: its pairs not ours
                }
                return;
            }
            // an event placed among the earlier ones: the imposer's log, indexes and pairs are built anew
            List<Fact> all = new ArrayList<>(before == null ? List.of() : before);
            all.addAll(added);
            all.sort(Comparator.comparingLong(Fact::order));
            facts.put(imposer, FactLog.of(all));
            prepared.remove(imposer);
            reordered.add(imposer);
        });
        TariffBook next = new TariffBook(Collections.unmodifiableMap(facts), shared, prepared);
        Set<String> changed = new HashSet<>(appended.keySet());
        reordered.forEach(appended::remove);
        takeOverIndexes(next, changed, appended);
        return next;
    }

    /** What {@code next} can keep of this book's indexes: those of the imposers it left alone, and of those it only
     * appended to, extended by what they gained. */
    private void takeOverIndexes(TariffBook next, Set<String> changed, Map<String, List<Fact>> appended) {
        indexes.forEach((key, index) -> {
            if (!changed.contains(key.imposer())) {
                next.indexes.put(key, index);
                return;
            }
            List<Fact> added = appended.get(key.imposer());
            ImposerFacts extended = added == null ? null
                    : index.extendedBy(added.stream().filter(f -> visibleIn(f, key.minStage(), null)).toList());
            if (extended != null) {
                next.indexes.put(key, extended);
            }
        });
    }

    private static boolean isOrdered(List<Fact> facts) {
        for (int i = 1; i < facts.size(); i++) {
            if (facts.get(i - 1).order() > facts.get(i).order()) {
                return false;
            }
        }
        return true;
    }

    /** Each step of the event a fact, ordered by the event's sequence, then the step's place in it; the values it
     * shares with other events held once. */
    private List<Fact> factsOf(PolicyEvent event) {
        long order = event.sequence() * CHANGES_PER_EVENT;
        List<PolicyEvent> steps = Fact.steps(shared.of(event));
        List<Fact> facts = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            facts.add(Fact.of(steps.get(i), event.id(), order + i, shared::instant));
        }
        return facts;
    }

    private List<Fact> imposerFacts(String imposer) {
        FactLog facts = factsByImposer.get(imposer);
        return facts == null ? List.of() : facts;
    }

    public Set<String> imposers() {
        return new TreeSet<>(factsByImposer.keySet());
    }

    /** The duty of the query's imposer on the query's partner and product at its instant. */
    public Rate rate(RateQuery q) {
        return pair(q).rate(q.hs(), q.at());
    }

    /** The duties of the query's pair as its stages and knownAt let it see them; prepared once per book for
     * queries without knownAt (the alerts' and most API reads). */
    public PairDuties pair(RateQuery q) {
        if (q.knownAt() != null) {
            return new PairDuties(new ImposerFacts(visible(q.imposer(), q.minStage(), q.knownAt())), q.imposer(),
                    q.partner(), lastOrder(q.imposer()));
        }
        return pairs.computeIfAbsent(new PairKey(new TradePair(q.imposer(), q.partner()), q.minStage()), this::prepare);
    }

    /** The pair as the latest prepared in this book's lineage, extended by what its imposer gained since (the same when
     * nothing); prepared anew when none was. */
    private PairDuties prepare(PairKey key) {
        String imposer = key.pair().imposer();
        String partner = key.pair().partner();
        ImposerFacts index = index(new IndexKey(imposer, key.minStage()));
        long upTo = lastOrder(imposer);
        Map<PairKey, PairDuties> lineage = preparedByImposer.computeIfAbsent(imposer, i -> new ConcurrentHashMap<>());
        PairDuties latest = lineage.get(key);
        if (latest != null && latest.preparedUpTo() > upTo) {
            // a later book's pair (this book is older, or a branch of one): it and the books after it keep their own
            lineage = new ConcurrentHashMap<>();
            preparedByImposer.put(imposer, lineage);
            latest = null;
        }
        if (latest != null && latest.preparedUpTo() == upTo) {
            return latest;
        }
        Set<String> touched = latest == null ? null : measuresAfter(imposer, latest.preparedUpTo(), key.minStage());
        PairDuties extended = touched == null ? null : latest.extendedBy(index, imposer, partner, touched, upTo);
        PairDuties duties = extended != null ? extended : new PairDuties(index, imposer, partner, upTo);
        lineage.merge(key, duties, (held, offered) -> offered.preparedUpTo() > held.preparedUpTo() ? offered : held);
        return duties;
    }

    private long lastOrder(String imposer) {
        FactLog facts = factsByImposer.get(imposer);
        return facts == null ? Long.MIN_VALUE : facts.lastOrder();
    }

    /**
     * The measures of the imposer's facts after {@code order} that {@code minStage} sees: what extending a pair
     * prepared then must prepare again. Read once per order (the pairs an earlier book prepared share it); null when
     * more than {@value #MAX_FACTS_TO_EXTEND_BY} facts came since, and the pair is prepared anew from the index.
     */
    private Set<String> measuresAfter(String imposer, long order, Stage minStage) {
        FactLog log = factsByImposer.get(imposer);
        List<Fact> after = log == null ? List.of() : log.after(order);
        if (after.size() > MAX_FACTS_TO_EXTEND_BY) {
            return null;
        }
        return measuresAfter.computeIfAbsent(new FactsAfter(imposer, minStage, order), k -> {
            Set<String> measures = new HashSet<>();
            for (Fact f : after) {
                if (f.measureId() != null && visibleIn(f, minStage, null)) {
                    measures.add(f.measureId());
                }
            }
            return measures;
        });
    }

    private ImposerFacts index(IndexKey key) {
        return indexes.computeIfAbsent(key, k -> new ImposerFacts(visible(k.imposer(), k.minStage(), null)));
    }

    /** Every fact of every stage (THREATENED is the least), indexed: what causes and product keys are read from. */
    private ImposerFacts allStages(String imposer) {
        return index(new IndexKey(imposer, Stage.THREATENED));
    }

    /** The enacted duties of one pair: what alerts are computed from. */
    public PairDuties pair(String imposer, String partner) {
        return pair(RateQuery.headline(imposer, partner, Instant.EPOCH));
    }

    /** The events the query may see: its stages, and with knownAt only those announced by then. */
    private List<Fact> visible(String imposer, Stage minStage, Instant knownAt) {
        List<Fact> all = imposerFacts(imposer);
        List<Fact> visible = new ArrayList<>(all.size());
        for (Fact f : all) {
            if (visibleIn(f, minStage, knownAt)) {
                visible.add(f);
            }
        }
        return visible;
    }

    private static boolean visibleIn(Fact f, Stage minStage, Instant knownAt) {
        if (!f.event().stageOrDefault().atLeast(minStage)) {
            return false;
        }
        if (knownAt == null) {
            return true;
        }
        var announced = f.event().announcedOrRecordedAt();
        return announced == null || !announced.toInstant().isAfter(knownAt);
    }

    /**
     * The measures of {@code imposer} (all of them, or those that ever target {@code partner}), each with its
     * attributes, its source events in publishing order and, for a partner, its headline timeline.
     */
    public List<MeasureSummary> measures(String imposer, String partner) {
        return MeasureCatalog.summaries(imposerFacts(imposer), imposer, partner);
    }

    public record MeasureSummary(String id, String imposer, String authority, String title, PolicyEvent.Role role,
                                 PolicyEvent.Basis basis, List<String> yieldsTo, List<PolicyEvent> events,
                                 List<TimelineStep> timeline) {
    }

    /** From {@code from} until {@code until} (null: open), the measure applies {@code rate} (null: it does
     * not apply), paused or not. */
    public record TimelineStep(Instant from, Instant until, BigDecimal rate, boolean paused) {
        static TimelineStep of(Instant from, Instant until, Part part) {
            return new TimelineStep(from, until, part == null ? null : part.rate(), part != null && part.paused());
        }
    }

    /** The partners an event can change (see {@link Partners#of}). */
    public static Set<String> partnersOf(PolicyEvent event) {
        return Partners.of(event);
    }

    /** The pairs whose duties {@code event} (a recorded event of this book) can change. */
    public Set<TradePair> pairsTouchedBy(PolicyEvent event) {
        Set<TradePair> pairs = new LinkedHashSet<>();
        Partners.touchedBy(imposerFacts(event.imposer()), event)
                .forEach(p -> pairs.add(new TradePair(event.imposer(), p)));
        return pairs;
    }

    /** Every pair of the book: each imposer with every partner some measure of it targets. */
    public Set<TradePair> pairs() {
        Set<TradePair> pairs = new LinkedHashSet<>();
        for (String imposer : imposers()) {
            partners(imposer).forEach(p -> pairs.add(new TradePair(imposer, p)));
        }
        return pairs;
    }

    /** Every partner that some measure of {@code imposer} targets (EU members counted one by one). */
    public Set<String> partners(String imposer) {
        return Partners.targetedBy(imposerFacts(imposer));
    }

    /** The product keys of a pair: {@code *} (general goods) and every HS prefix in the pair's measures. */
    public Set<String> productKeys(String imposer, String partner) {
        return allStages(imposer).productKeys(imposer, partner);
    }

    /** The piecewise-constant series of the query's duty over [from, to). */
    public List<HistoryStep> history(RateQuery q, Instant from, Instant to) {
        return series(q).history(from, to);
    }

    /** The known transitions of the query's duty after {@code now}: when, from what, to what. */
    public List<ScheduledChange> schedule(RateQuery q, Instant now) {
        return series(q).after(now);
    }

    /** The transitions of the query's duty in [from, to), with their causes. */
    public List<ScheduledChange> changes(RateQuery q, Instant from, Instant to) {
        return series(q).between(from, to);
    }

    private DutySeries series(RateQuery q) {
        // the pair's facts of every stage, gathered once for the causes of all of the series' transitions
        Map<String, List<Fact>> pairFacts = allStages(q.imposer()).forPartner(q.imposer(), q.partner());
        return new DutySeries(pair(q), q.hs(), t -> CauseAttribution.at(pairFacts, t));
    }

    /** Why a pair's duty changes at {@code t} (see {@link CauseAttribution}); null where nothing of the partner
     * happens then. */
    public Cause causeAt(String imposer, String partner, Instant t) {
        return CauseAttribution.at(allStages(imposer).forPartner(imposer, partner), t);
    }

    /* The book's answers, named by its tests; the rate API maps them to its own views. */

    public record HistoryStep(Instant from, Instant until, BigDecimal additional, List<String> causes) {
    }

    public record ScheduledChange(Instant at, Rate before, Rate after, Cause cause) {
    }
}
