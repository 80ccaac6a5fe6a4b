package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange.Component;
import io.tariffwatch.events.RateChange.ComponentState;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every applied policy event of every imposer, and the rules of CONTRACT section 3 that turn them into
 * duties at any instant. Immutable: {@link #with} returns a new book, so readers never see half an event.
 * Rates are computed from the events each time: a retroactive event rewrites history by construction.
 */
public final class TariffBook {
    private static final Comparator<Fact> TIMELINE = Comparator.comparing(Fact::from).thenComparingLong(Fact::order);
    private static final long CHANGES_PER_EVENT = 10_000;

    private final Map<String, List<Fact>> factsByImposer;
    private final Set<String> eventIds;

    private TariffBook(Map<String, List<Fact>> factsByImposer, Set<String> eventIds) {
        this.factsByImposer = factsByImposer;
        this.eventIds = eventIds;
    }

    public static TariffBook empty() {
        return new TariffBook(Map.of(), Set.of());
    }

    public boolean contains(String eventId) {
        return eventIds.contains(eventId);
    }

    /** This book plus {@code event} (a recorded event: its {@code sequence} orders it among the others). */
    public TariffBook with(PolicyEvent event) {
        Objects.requireNonNull(event.sequence(), "a recorded event has a sequence");
        Map<String, List<Fact>> copy = new HashMap<>(factsByImposer);
        List<Fact> facts = new ArrayList<>(copy.getOrDefault(event.imposer(), List.of()));
        facts.addAll(factsOf(event));
        facts.sort(Comparator.comparingLong(Fact::order));
        copy.put(event.imposer(), List.copyOf(facts));
        Set<String> ids = new java.util.HashSet<>(eventIds);
        ids.add(event.id());
        return new TariffBook(Map.copyOf(copy), Set.copyOf(ids));
    }

    /** A DEAL contributes its changes, applied in order as one step; other events contribute themselves. */
    private static List<Fact> factsOf(PolicyEvent event) {
        long order = event.sequence() * CHANGES_PER_EVENT;
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(event, event.id(), order));
        if (event.kind() == Kind.DEAL && event.changes() != null) {
            for (int i = 0; i < event.changes().size(); i++) {
                facts.add(new Fact(event.changes().get(i), event.id(), order + i + 1));
            }
        }
        return facts;
    }

    public Set<String> imposers() {
        return new TreeSet<>(factsByImposer.keySet());
    }

    /** The duty of the query's imposer on the query's partner and product at its instant. */
    public Rate rate(RateQuery q) {
        Map<String, List<Fact>> byMeasure = measures(visible(q), q.imposer(), q.partner());
        Map<String, MeasureMeta> meta = new HashMap<>();
        byMeasure.forEach((id, facts) -> meta.put(id, MeasureMeta.of(facts)));
        Map<String, Part> covering = new LinkedHashMap<>();
        Set<String> causes = new LinkedHashSet<>();
        byMeasure.forEach((id, facts) -> {
            Part part = part(facts, q, causes);
            if (part != null) {
                covering.put(id, part);
            }
        });

        BigDecimal base = BigDecimal.ZERO;
        for (Map.Entry<String, Part> e : covering.entrySet()) {
            if (meta.get(e.getKey()).role() == PolicyEvent.Role.BASE) {
                base = base.add(e.getValue().rate());
            }
        }
        BigDecimal additional = BigDecimal.ZERO;
        List<Component> components = new ArrayList<>();
        for (Map.Entry<String, Part> e : covering.entrySet()) {
            MeasureMeta m = meta.get(e.getKey());
            if (m.role() == PolicyEvent.Role.BASE) {
                continue;
            }
            Part part = e.getValue();
            boolean yielded = m.yieldsTo().stream().anyMatch(covering::containsKey);
            BigDecimal contribution = m.basis() == PolicyEvent.Basis.FLOOR
                    ? part.rate().subtract(base).max(BigDecimal.ZERO) : part.rate();
            ComponentState state = yielded ? ComponentState.YIELDED
                    : part.paused() ? ComponentState.PAUSED : ComponentState.ACTIVE;
            if (!yielded) {
                additional = additional.add(contribution);
            }
            components.add(new Component(e.getKey(), m.authority(), yielded ? part.rate() : contribution, state));
        }
        return new Rate(base, additional, List.copyOf(components), List.copyOf(causes));
    }

    /** One covering measure's rate at the query's instant, or null where it does not cover (P, h). */
    private Part part(List<Fact> facts, RateQuery q, Set<String> causes) {
        Instant t = q.at();
        Fact setting = null;
        for (Fact f : facts) {
            boolean step = f.kind() == Kind.HIKE || f.kind() == Kind.CUT || f.kind() == Kind.REVOKE;
            if (step && f.from() != null && !f.from().isAfter(t) && f.targets(q.imposer(), q.partner())
                    && !revokedLater(facts, f, q) && (setting == null || TIMELINE.compare(f, setting) > 0)) {
                setting = f;
            }
        }
        if (setting == null || setting.kind() == Kind.REVOKE
                || (setting.until() != null && !t.isBefore(setting.until()))
                || !setting.includes(q.hs()) || setting.excludes(q.hs())) {
            return null;
        }
        for (Fact f : facts) {
            if (f.kind() == Kind.EXEMPTION && f.activeAt(t) && f.targets(q.imposer(), q.partner())
                    && f.includes(q.hs())) {
                causes.add(f.sourceEventId());
                return null;
            }
        }
        causes.add(setting.sourceEventId());
        Pause pause = activePause(facts, q);
        if (pause != null) {
            causes.add(pause.fact().sourceEventId());
            if (pause.endSetBy() != null) {
                causes.add(pause.endSetBy().sourceEventId());
            }
            return new Part(pause.fact().rateFor(null), true);
        }
        return new Part(setting.rateFor(q.hs()), false);
    }

    /**
     * Whether a later-published REVOKE of the partner takes effect at or before the step's start: the step
     * then never applies (a threat withdrawn, a hike cancelled before it began). A step published after the
     * REVOKE starts the measure again.
     */
    private static boolean revokedLater(List<Fact> facts, Fact step, RateQuery q) {
        for (Fact f : facts) {
            if (f.kind() == Kind.REVOKE && f.order() > step.order() && f.from() != null
                    && !f.from().isAfter(step.from()) && f.targets(q.imposer(), q.partner())) {
                return true;
            }
        }
        return false;
    }

    /** The pause in force at the query's instant (the latest published where several are). */
    private static Pause activePause(List<Fact> facts, RateQuery q) {
        Pause active = null;
        for (Pause p : pauses(facts, q.imposer(), q.partner())) {
            if (!q.at().isBefore(p.fact().from()) && q.at().isBefore(p.end()) && p.fact().includes(q.hs())
                    && !p.fact().excludes(q.hs()) && (active == null || p.fact().order() > active.fact().order())) {
                active = p;
            }
        }
        return active;
    }

    /**
     * The pauses of one measure for one partner with their real ends: EXTEND moves the end of the pause in
     * force at its effectiveFrom, else of the next pause to start, else of the latest that had ended;
     * RESUME ends the pause in force at its effectiveFrom. Both are applied in publishing order.
     */
    static List<Pause> pauses(List<Fact> facts, String imposer, String partner) {
        List<Pause> pauses = new ArrayList<>();
        for (Fact f : facts) {
            if (f.kind() == Kind.PAUSE && f.from() != null && f.until() != null && f.targets(imposer, partner)) {
                pauses.add(new Pause(f, f.until(), null));
            }
        }
        for (Fact f : facts) {
            if ((f.kind() != Kind.EXTEND && f.kind() != Kind.RESUME) || f.from() == null || !f.targets(imposer, partner)) {
                continue;
            }
            Instant at = f.from();
            int target = inForce(pauses, at);
            if (f.kind() == Kind.RESUME) {
                if (target >= 0) {
                    pauses.set(target, pauses.get(target).endingAt(at, f));
                }
                continue;
            }
            if (target < 0) {
                target = nextToStart(pauses, at);
            }
            if (target < 0) {
                target = latestEnded(pauses, at);
            }
            if (target >= 0 && f.until() != null) {
                pauses.set(target, pauses.get(target).endingAt(f.until(), f));
            }
        }
        return pauses;
    }

    private static int inForce(List<Pause> pauses, Instant at) {
        int found = -1;
        for (int i = 0; i < pauses.size(); i++) {
            Pause p = pauses.get(i);
            if (!at.isBefore(p.fact().from()) && at.isBefore(p.end())
                    && (found < 0 || p.fact().order() > pauses.get(found).fact().order())) {
                found = i;
            }
        }
        return found;
    }

    private static int nextToStart(List<Pause> pauses, Instant at) {
        int found = -1;
        for (int i = 0; i < pauses.size(); i++) {
            Instant start = pauses.get(i).fact().from();
            if (start.isAfter(at) && (found < 0 || start.isBefore(pauses.get(found).fact().from()))) {
                found = i;
            }
        }
        return found;
    }

    private static int latestEnded(List<Pause> pauses, Instant at) {
        int found = -1;
        for (int i = 0; i < pauses.size(); i++) {
            Instant end = pauses.get(i).end();
            if (!end.isAfter(at) && (found < 0 || end.isAfter(pauses.get(found).end()))) {
                found = i;
            }
        }
        return found;
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
        var announced = f.event().announcedAt() != null ? f.event().announcedAt() : f.event().recordedAt();
        return announced == null || !announced.toInstant().isAfter(knownAt);
    }

    /** Facts grouped by measure, keeping publishing order; measures that never target the partner drop out. */
    private static Map<String, List<Fact>> measures(List<Fact> facts, String imposer, String partner) {
        Map<String, List<Fact>> byMeasure = new LinkedHashMap<>();
        for (Fact f : facts) {
            if (f.measureId() != null) {
                byMeasure.computeIfAbsent(f.measureId(), k -> new ArrayList<>()).add(f);
            }
        }
        byMeasure.values().removeIf(list -> list.stream().noneMatch(f -> f.targets(imposer, partner)));
        return byMeasure;
    }

    /**
     * The measures of {@code imposer} (all of them, or those that ever target {@code partner}), each with its
     * attributes, its source events in publishing order and, for a partner, its headline timeline.
     */
    public List<MeasureSummary> measures(String imposer, String partner) {
        List<Fact> facts = factsByImposer.getOrDefault(imposer, List.of());
        Map<String, List<Fact>> byMeasure = new LinkedHashMap<>();
        for (Fact f : facts) {
            if (f.measureId() != null) {
                byMeasure.computeIfAbsent(f.measureId(), k -> new ArrayList<>()).add(f);
            }
        }
        List<MeasureSummary> summaries = new ArrayList<>();
        byMeasure.forEach((id, measureFacts) -> {
            if (partner != null && measureFacts.stream().noneMatch(f -> f.targets(imposer, partner))) {
                return;
            }
            MeasureMeta meta = MeasureMeta.of(measureFacts);
            List<PolicyEvent> events = measureFacts.stream().map(Fact::event).toList();
            List<TimelineStep> timeline = partner == null ? null : timeline(measureFacts, imposer, partner);
            summaries.add(new MeasureSummary(id, imposer, meta.authority(), meta.title(), meta.role(), meta.basis(),
                    meta.yieldsTo(), events, timeline));
        });
        return summaries;
    }

    /** One measure's own rate on a partner's general goods over time (before yields and floors). */
    private List<TimelineStep> timeline(List<Fact> facts, String imposer, String partner) {
        TreeSet<Instant> instants = new TreeSet<>();
        for (Fact f : facts) {
            if (f.from() != null) {
                instants.add(f.from());
            }
            if (f.until() != null) {
                instants.add(f.until());
            }
        }
        List<TimelineStep> steps = new ArrayList<>();
        Part previous = null;
        Instant start = null;
        for (Instant t : instants) {
            Part part = part(facts, RateQuery.headline(imposer, partner, t), new LinkedHashSet<>());
            if (start != null && samePart(part, previous)) {
                continue;
            }
            if (start != null) {
                steps.add(TimelineStep.of(start, t, previous));
            }
            start = t;
            previous = part;
        }
        if (start != null) {
            steps.add(TimelineStep.of(start, null, previous));
        }
        return steps;
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

    /** Every instant at which a rate of {@code imposer} may change: each effectiveFrom and effectiveUntil. */
    public TreeSet<Instant> transitionInstants(String imposer) {
        TreeSet<Instant> instants = new TreeSet<>();
        for (Fact f : factsByImposer.getOrDefault(imposer, List.of())) {
            if (f.kind().informational()) {
                continue;
            }
            if (f.from() != null) {
                instants.add(f.from());
            }
            if (f.until() != null) {
                instants.add(f.until());
            }
        }
        return instants;
    }

    /** The instants that {@code event} (with a DEAL's changes) brings: its effectiveFrom and effectiveUntil. */
    public static Set<Instant> instantsOf(PolicyEvent event) {
        Set<Instant> instants = new TreeSet<>();
        List<PolicyEvent> steps = new ArrayList<>();
        steps.add(event);
        if (event.changes() != null) {
            steps.addAll(event.changes());
        }
        for (PolicyEvent e : steps) {
            if (e.kind() != null && e.kind().informational()) {
                continue;
            }
            if (e.effectiveFrom() != null) {
                instants.add(e.effectiveFrom().toInstant());
            }
            if (e.effectiveUntil() != null) {
                instants.add(e.effectiveUntil().toInstant());
            }
        }
        return instants;
    }

    /** The partners an event can change: its targets expanded (EU to its members, * to every country but
     * the imposer), less exceptTargets; plus EU itself where the event targets EU or every country. */
    public static Set<String> partnersOf(PolicyEvent event) {
        Set<String> partners = new TreeSet<>();
        List<PolicyEvent> steps = new ArrayList<>();
        steps.add(event);
        if (event.changes() != null) {
            steps.addAll(event.changes());
        }
        for (PolicyEvent e : steps) {
            if (e.targets() == null || e.kind() == Kind.TALKS) {
                continue;
            }
            Fact f = new Fact(e, event.id(), 0);
            for (String candidate : Countries.allExcept(e.imposer())) {
                if (f.targets(e.imposer(), candidate)) {
                    partners.add(candidate);
                }
            }
            if (e.targets().contains(Countries.EU) || e.targets().contains(Countries.ALL)) {
                partners.add(Countries.EU);
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
        keys.add(Countries.ALL);
        for (Fact f : factsByImposer.getOrDefault(imposer, List.of())) {
            if (f.measureId() == null || !f.targets(imposer, partner)) {
                continue;
            }
            f.includes().stream().filter(p -> !Countries.ALL.equals(p)).forEach(keys::add);
            keys.addAll(f.excludes());
            if (f.event().productRates() != null) {
                keys.addAll(f.event().productRates().keySet());
            }
        }
        return keys;
    }

    /** The piecewise-constant series of the query's duty over [from, to). */
    public List<HistoryStep> history(RateQuery q, Instant from, Instant to) {
        List<HistoryStep> steps = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        starts.add(from);
        starts.addAll(transitionInstants(q.imposer()).subSet(from, false, to, false));
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
        List<ScheduledChange> changes = new ArrayList<>();
        for (Instant t : transitionInstants(q.imposer()).tailSet(now, false)) {
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
        List<Fact> facts = factsByImposer.getOrDefault(imposer, List.of());
        Map<String, List<Fact>> byMeasure = measures(facts, imposer, partner);
        for (List<Fact> measure : byMeasure.values()) {
            for (Pause p : pauses(measure, imposer, partner)) {
                if (p.end().equals(t)) {
                    Fact by = p.endSetBy() != null ? p.endSetBy() : p.fact();
                    return new Cause("PAUSE_EXPIRED", by.event(), by.sourceEventId());
                }
            }
        }
        Fact starting = null;
        for (Fact f : facts) {
            if (f.measureId() == null || !f.targets(imposer, partner)) {
                continue;
            }
            if (t.equals(f.until()) && f.kind() != Kind.PAUSE && f.kind() != Kind.EXTEND) {
                return new Cause("EXPIRED", f.event(), f.sourceEventId());
            }
            if (t.equals(f.from()) && (starting == null || f.order() > starting.order())) {
                starting = f;
            }
        }
        return starting == null ? null : new Cause(starting.kind().name(), starting.event(), starting.sourceEventId());
    }

    /** A cause of a transition: the kind word of the contract, and the event behind it. */
    public record Cause(String kind, PolicyEvent event, String eventId) {
    }

    public record HistoryStep(Instant from, Instant until, BigDecimal additional, List<String> causes) {
    }

    public record ScheduledChange(Instant at, Rate before, Rate after, Cause cause) {
    }

    record Part(BigDecimal rate, boolean paused) {
    }

    private static boolean samePart(Part a, Part b) {
        return a == null || b == null ? a == b : a.paused() == b.paused() && a.rate().compareTo(b.rate()) == 0;
    }

    record Pause(Fact fact, Instant end, Fact endSetBy) {
        Pause endingAt(Instant newEnd, Fact by) {
            return new Pause(fact, newEnd, by);
        }
    }

    /** The latest published value of each attribute of a measure's {@code measure} objects. */
    record MeasureMeta(String authority, String title, List<String> yieldsTo, PolicyEvent.Role role,
                       PolicyEvent.Basis basis) {
        static MeasureMeta of(List<Fact> facts) {
            String authority = null;
            String title = null;
            List<String> yieldsTo = List.of();
            PolicyEvent.Role role = PolicyEvent.Role.ADDITIONAL;
            PolicyEvent.Basis basis = PolicyEvent.Basis.ADD;
            for (Fact f : facts) {
                PolicyEvent.Measure m = f.event().measure();
                authority = m.authority() != null ? m.authority() : authority;
                title = m.title() != null ? m.title() : title;
                yieldsTo = m.yieldsTo() != null ? m.yieldsTo() : yieldsTo;
                role = m.role() != null ? m.role() : role;
                basis = m.basis() != null ? m.basis() : basis;
            }
            return new MeasureMeta(authority, title, yieldsTo, role, basis);
        }
    }
}
