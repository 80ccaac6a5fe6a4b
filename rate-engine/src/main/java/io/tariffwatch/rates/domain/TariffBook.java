package io.tariffwatch.rates.domain;

import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import io.tariffwatch.rates.domain.MeasureTimeline.Part;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every applied policy event of every imposer, and the rules of the README's "How tariffs are computed" that turn them into
 * duties at any instant. Immutable: {@link #with} returns a new book, so readers never see half an event.
 * Rates are computed from the events each time: a retroactive event rewrites history by construction.
 */
public final class TariffBook {
    private static final long CHANGES_PER_EVENT = 10_000;

    private final Map<String, List<Fact>> factsByImposer;
    private final Map<String, Set<String>> eventIdsByImposer;
    /** Each pair's duties, prepared when first asked for: the book never changes, so neither do they. */
    private final Map<String, PairDuties> pairs = new ConcurrentHashMap<>();
    /** Per imposer and stage: its facts indexed for preparing pairs (built on first use). */
    private final Map<String, ImposerFacts> indexes = new ConcurrentHashMap<>();

    private TariffBook(Map<String, List<Fact>> factsByImposer, Map<String, Set<String>> eventIdsByImposer) {
        this.factsByImposer = factsByImposer;
        this.eventIdsByImposer = eventIdsByImposer;
    }

    public static TariffBook empty() {
        return new TariffBook(Map.of(), Map.of());
    }

    /** Whether the event has been applied (an event keeps its imposer when it is delivered again). */
    public boolean contains(PolicyEvent event) {
        return eventIdsByImposer.getOrDefault(event.imposer(), Set.of()).contains(event.id());
    }

    /**
     * This book plus {@code event} (a recorded event: its {@code sequence} orders it among the others). Only
     * the event's imposer is copied, so applying costs what that imposer holds, not the whole book.
     */
    public TariffBook with(PolicyEvent event) {
        return withAll(List.of(event));
    }

    /** This book plus {@code events}, each imposer copied once for all of its events (a replay, a burst);
     * events it holds already, or twice in the list, are taken once. */
    public TariffBook withAll(List<PolicyEvent> events) {
        Map<String, List<Fact>> facts = new HashMap<>(factsByImposer);
        Map<String, Set<String>> ids = new HashMap<>(eventIdsByImposer);
        Map<String, List<Fact>> growing = new HashMap<>();
        Map<String, Set<String>> growingIds = new HashMap<>();
        for (PolicyEvent event : events) {
            Objects.requireNonNull(event.sequence(), "a recorded event has a sequence");
            Set<String> imposerIds = growingIds.computeIfAbsent(event.imposer(),
                    i -> new HashSet<>(ids.getOrDefault(i, Set.of())));
            if (imposerIds.add(event.id())) {
                growing.computeIfAbsent(event.imposer(), i -> new ArrayList<>(facts.getOrDefault(i, List.of())))
                        .addAll(factsOf(event));
            }
        }
        growing.forEach((imposer, imposerFacts) -> {
            if (!isOrdered(imposerFacts)) {
                imposerFacts.sort(Comparator.comparingLong(Fact::order));
            }
            facts.put(imposer, Collections.unmodifiableList(imposerFacts));
        });
        growingIds.forEach((imposer, imposerIds) -> ids.put(imposer, Collections.unmodifiableSet(imposerIds)));
        return new TariffBook(Collections.unmodifiableMap(facts), Collections.unmodifiableMap(ids));
    }

    private static boolean isOrdered(List<Fact> facts) {
        for (int i = 1; i < facts.size(); i++) {
            if (facts.get(i - 1).order() > facts.get(i).order()) {
                return false;
            }
        }
        return true;
    }

    /** The event itself, then a DEAL's changes in their order: what it applies, as one step. */
    private static List<PolicyEvent> steps(PolicyEvent event) {
        if (event.kind() != Kind.DEAL || event.changes() == null) {
            return List.of(event);
        }
        List<PolicyEvent> steps = new ArrayList<>(event.changes().size() + 1);
        steps.add(event);
        steps.addAll(event.changes());
        return steps;
    }

    /** Each step of the event a fact, ordered by the event's sequence, then the step's place in it. */
    private static List<Fact> factsOf(PolicyEvent event) {
        long order = event.sequence() * CHANGES_PER_EVENT;
        List<PolicyEvent> steps = steps(event);
        List<Fact> facts = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            facts.add(Fact.of(steps.get(i), event.id(), order + i));
        }
        return facts;
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
            return new PairDuties(new ImposerFacts(visible(q)), q.imposer(), q.partner());
        }
        ImposerFacts index = index(q);
        return pairs.computeIfAbsent(q.imposer() + ":" + q.partner() + ":" + q.minStage(),
                k -> new PairDuties(index, q.imposer(), q.partner()));
    }

    private ImposerFacts index(RateQuery q) {
        return indexes.computeIfAbsent(q.imposer() + ":" + q.minStage(), k -> new ImposerFacts(visible(q)));
    }

    /** Every fact of every stage (THREATENED is the least) that targets the partner, by measure. */
    private Map<String, List<Fact>> factsTargeting(String imposer, String partner) {
        return index(new RateQuery(imposer, partner, null, Instant.EPOCH, null, Stage.THREATENED))
                .forPartner(imposer, partner);
    }

    /** The enacted duties of one pair: what alerts are computed from. */
    public PairDuties pair(String imposer, String partner) {
        return pair(RateQuery.headline(imposer, partner, Instant.EPOCH));
    }

    /** The events the query may see: its stages, and with knownAt only those announced by then. */
    private List<Fact> visible(RateQuery q) {
        List<Fact> all = factsByImposer.getOrDefault(q.imposer(), List.of());
        List<Fact> visible = new ArrayList<>(all.size());
        for (Fact f : all) {
            if (visibleIn(f, q.minStage(), q.knownAt())) {
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
        return MeasureCatalog.summaries(factsByImposer.getOrDefault(imposer, List.of()), imposer, partner);
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

    /** The partners an event can change: its targets expanded (EU to its members, * to every country but
     * the imposer), less exceptTargets; plus EU itself where the event targets EU or every country. */
    public static Set<String> partnersOf(PolicyEvent event) {
        Set<String> partners = new TreeSet<>();
        for (PolicyEvent e : steps(event)) {
            if (e.targets() == null || e.kind() == Kind.TALKS) {
                continue;
            }
            Fact f = Fact.of(e, event.id(), 0);
            for (String target : e.targets()) {
                Collection<String> candidates = Countries.ALL.equals(target) ? Countries.ISO
                        : Countries.EU.equals(target) ? Countries.EU_MEMBERS : List.of(target);
                for (String candidate : candidates) {
                    if (Countries.isPartnerOf(e.imposer(), candidate) && f.targets(e.imposer(), candidate)) {
                        partners.add(candidate);
                    }
                }
            }
            if (e.targets().contains(Countries.EU) || e.targets().contains(Countries.ALL)) {
                partners.add(Countries.EU);
            }
        }
        return partners;
    }

    /**
     * The partners whose duties {@code event} (a recorded event of this book) can change: those it targets,
     * and, where it sets a measure's role, basis or yieldsTo, every partner of that measure, since those
     * apply to all of them. (Only those: a measure on every country would otherwise make each of its
     * events recompute every partner.)
     */
    public Set<String> partnersTouchedBy(PolicyEvent event) {
        Set<String> partners = partnersOf(event);
        Set<String> measures = new HashSet<>();
        for (PolicyEvent step : steps(event)) {
            PolicyEvent.Measure m = step.measure();
            if (m != null && (m.role() != null || m.basis() != null || m.yieldsTo() != null)) {
                measures.add(m.id());
            }
        }
        for (Fact f : factsByImposer.getOrDefault(event.imposer(), List.of())) {
            if (f.measureId() != null && measures.contains(f.measureId()) && !f.sourceEventId().equals(event.id())) {
                partners.addAll(partnersOf(f.event()));
            }
        }
        return partners;
    }

    /** Every partner that some measure of {@code imposer} targets (EU members counted one by one). */
    public Set<String> partners(String imposer) {
        Set<String> partners = new TreeSet<>();
        for (Fact f : factsByImposer.getOrDefault(imposer, List.of())) {
            if (f.measureId() != null) {
                partners.addAll(partnersOf(f.event()));
            }
        }
        return partners;
    }

    /** The product keys of a pair: {@code *} (general goods) and every HS prefix in the pair's measures. */
    public Set<String> productKeys(String imposer, String partner) {
        Set<String> keys = new TreeSet<>();
        keys.add(HsCodes.ALL_PRODUCTS);
        for (List<Fact> measure : factsTargeting(imposer, partner).values()) {
            for (Fact f : measure) {
                f.includes().stream().filter(p -> !HsCodes.isAllProducts(p)).forEach(keys::add);
                keys.addAll(f.excludes());
                if (f.event().productRates() != null) {
                    keys.addAll(f.event().productRates().keySet());
                }
            }
        }
        return keys;
    }

    /** The piecewise-constant series of the query's duty over [from, to). */
    public List<HistoryStep> history(RateQuery q, Instant from, Instant to) {
        List<HistoryStep> steps = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        starts.add(from);
        starts.addAll(pair(q).instants().subSet(from, false, to, false));
        Rate current = null;
        Instant currentFrom = null;
        for (Instant start : starts) {
            Rate rate = rate(q.at(start));
            if (current == null || !rate.sameDutyAs(current)) {
                if (current != null) {
                    steps.add(new HistoryStep(currentFrom, start, current.additional(), current.causes()));
                }
                current = rate;
                currentFrom = start;
            }
        }
        steps.add(new HistoryStep(currentFrom, to, current.additional(), current.causes()));
        return steps;
    }

    /** The known transitions of the query's duty after {@code now}: when, from what, to what. */
    public List<ScheduledChange> schedule(RateQuery q, Instant now) {
        return changes(q, pair(q).instants().tailSet(now, false));
    }

    /** The transitions of the query's duty in [from, to), with their causes. */
    public List<ScheduledChange> changes(RateQuery q, Instant from, Instant to) {
        return changes(q, pair(q).instants().subSet(from, true, to, false));
    }

    private List<ScheduledChange> changes(RateQuery q, Set<Instant> instants) {
        List<ScheduledChange> changes = new ArrayList<>();
        for (Instant t : instants) {
            Rate before = rate(q.at(t.minusNanos(1)));
            Rate after = rate(q.at(t));
            if (!before.sameDutyAs(after)) {
                changes.add(new ScheduledChange(t, before, after, causeAt(q.imposer(), q.partner(), t)));
            }
        }
        return changes;
    }

    /**
     * Why a duty changes at {@code t} by itself or by a scheduled start: {@code PAUSE_EXPIRED} where a pause
     * of the partner ends then, {@code EXPIRED} where a setting or exemption ends, else the kind of the
     * latest-published event taking effect then. Null where nothing of the partner happens at t.
     */
    public Cause causeAt(String imposer, String partner, Instant t) {
        Map<String, List<Fact>> byMeasure = factsTargeting(imposer, partner);
        for (List<Fact> measure : byMeasure.values()) {
            for (MeasureTimeline.Pause p : MeasureTimeline.pauses(measure, imposer, partner)) {
                if (p.end().equals(t)) {
                    Fact by = p.endSetBy() != null ? p.endSetBy() : p.fact();
                    return new Cause(CauseKind.PAUSE_EXPIRED, by.event(), by.sourceEventId());
                }
            }
        }
        Fact expiring = null;
        Fact starting = null;
        for (List<Fact> measure : byMeasure.values()) {
            for (Fact f : measure) {
                if (t.equals(f.until()) && f.kind() != Kind.PAUSE && f.kind() != Kind.EXTEND
                        && (expiring == null || f.order() < expiring.order())) {
                    expiring = f; // the earliest published of those ending then
                }
                if (t.equals(f.from()) && (starting == null || f.order() > starting.order())) {
                    starting = f;
                }
            }
        }
        if (expiring != null) {
            return new Cause(CauseKind.EXPIRED, expiring.event(), expiring.sourceEventId());
        }
        return starting == null ? null : new Cause(CauseKind.of(starting.kind()), starting.event(), starting.sourceEventId());
    }

    /** A cause of a transition: the contract's kind, and the event behind it. */
    public record Cause(CauseKind kind, PolicyEvent event, String eventId) {
        /** The contract's cause: the kind, the event and its measure, headline and source. */
        public RateChange.Cause toContract() {
            return new RateChange.Cause(eventId, kind, event.measure() == null ? null
                    : event.measure().id(), event.stageOrDefault(), event.headline(),
                    event.source() == null ? null : event.source().url());
        }

        /** Null for no cause. */
        public static RateChange.Cause toContract(Cause cause) {
            return cause == null ? null : cause.toContract();
        }
    }

    public record HistoryStep(Instant from, Instant until, BigDecimal additional, List<String> causes) {
    }

    public record ScheduledChange(Instant at, Rate before, Rate after, Cause cause) {
    }
}
