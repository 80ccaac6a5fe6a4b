package io.tariffwatch.rates.domain;

import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange.Component;
import io.tariffwatch.events.RateChange.ComponentState;
import io.tariffwatch.rates.domain.MeasureTimeline.Part;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The duties of one imposer on one partner, from the facts a query may see: each measure that ever targets
 * the partner is prepared once ({@link MeasureTimeline}), then any product at any instant is cheap. The
 * stacking rules of the README (BASE, FLOOR, yieldsTo) live here. Once the imposer publishes more, the next book
 * extends these ({@link #extendedBy}): only the measures its new facts belong to are prepared again.
 */
public final class PairDuties {
    /** Each measure that ever targets the partner, in the order the imposer's measures first appeared. */
    private final Map<String, Prepared> measures;
    private final TreeSet<Instant> instants;
    /** The order of the imposer's last fact when these were prepared: what came after is not in them. */
    private final long preparedUpTo;

    PairDuties(ImposerFacts facts, String imposer, String partner, long preparedUpTo) {
        this(new LinkedHashMap<>(), new TreeSet<>(), preparedUpTo);
        facts.forPartner(imposer, partner).forEach((id, partnerFacts) -> prepare(id, partnerFacts, facts));
    }

    private PairDuties(Map<String, Prepared> measures, TreeSet<Instant> instants, long preparedUpTo) {
        this.measures = measures;
        this.instants = instants;
        this.preparedUpTo = preparedUpTo;
    }

    /** The measure's timeline on this partner from {@code partnerFacts} (all of its facts that target it), and the
     * instants at which they may change a duty. */
    private void prepare(String measureId, List<Fact> partnerFacts, ImposerFacts facts) {
        measures.put(measureId, new Prepared(new MeasureTimeline(partnerFacts), facts.meta(measureId)));
        for (Fact f : partnerFacts) {
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
    }

    /**
     * These duties once the imposer has published facts of the measures {@code touched} (its facts after
     * {@link #preparedUpTo}, up to {@code upTo}, as this pair's stage sees them; {@code facts} indexes them all): those
     * measures are prepared again, every other measure's timeline and attributes are kept — a fact changes nothing of
     * a measure it does not belong to. Null when the pair is better prepared anew: every measure it had is touched, or
     * a measure new to the partner ranks before one it had (the order stacking reads them in).
     */
    PairDuties extendedBy(ImposerFacts facts, String imposer, String partner, Set<String> touched, long upTo) {
        if (!measures.isEmpty() && touched.containsAll(measures.keySet())) {
            return null;
        }
        Map<String, List<Fact>> changed = touched.isEmpty() ? Map.of() : facts.forPartner(imposer, partner, touched);
        if (changed.isEmpty()) {
            return new PairDuties(measures, instants, upTo);
        }
        int lastRank = measures.isEmpty() ? -1 : facts.rank(lastKey(measures));
        for (String id : changed.keySet()) {
            if (!measures.containsKey(id) && facts.rank(id) < lastRank) {
                return null;
            }
        }
        PairDuties extended = new PairDuties(new LinkedHashMap<>(measures), new TreeSet<>(instants), upTo);
        changed.forEach((id, partnerFacts) -> extended.prepare(id, partnerFacts, facts));
        return extended;
    }

    private static String lastKey(Map<String, Prepared> inOrder) {
        String last = null;
        for (String id : inOrder.keySet()) {
            last = id;
        }
        return last;
    }

    long preparedUpTo() {
        return preparedUpTo;
    }

    /** The duty on {@code hs} (null: general goods) at {@code t}, with its components and causes. */
    public Rate rate(String hs, Instant t) {
        return compute(hs, t, true);
    }

    /** Only the additional duty: what timelines compare, without building the explanation. */
    BigDecimal additional(String hs, Instant t) {
        return compute(hs, t, false).additional();
    }

    /* Plain loops over one map: the engine computes the additional duty at every instant of every touched pair's
     * timelines, over each of its measures (hundreds on a pair of a publisher of many measures). */
    private Rate compute(String hs, Instant t, boolean explain) {
        Set<String> causes = explain ? new LinkedHashSet<>() : null;
        List<Covering> covering = new ArrayList<>();
        BigDecimal base = BigDecimal.ZERO;
        boolean yielding = false;
        for (Map.Entry<String, Prepared> e : measures.entrySet()) {
            Prepared m = e.getValue();
            Part part = m.timeline().part(hs, t, causes);
            if (part == null) {
                continue;
            }
            covering.add(new Covering(e.getKey(), m.meta(), part));
            if (m.meta().role() == PolicyEvent.Role.BASE) {
                base = base.add(part.rate());
            }
            yielding |= !m.meta().yieldsTo().isEmpty();
        }
        Set<String> covered = yielding ? covering.stream().map(Covering::id).collect(Collectors.toSet()) : Set.of();
        BigDecimal additional = BigDecimal.ZERO;
        List<Component> components = new ArrayList<>();
        for (Covering c : covering) {
            MeasureMeta m = c.meta();
            if (m.role() == PolicyEvent.Role.BASE) {
                continue;
            }
            Part part = c.part();
            boolean yielded = yielding && m.yieldsTo().stream().anyMatch(covered::contains);
            BigDecimal contribution = m.basis() == PolicyEvent.Basis.FLOOR
                    ? part.rate().subtract(base).max(BigDecimal.ZERO) : part.rate();
            ComponentState state = yielded ? ComponentState.YIELDED
                    : part.paused() ? ComponentState.PAUSED : ComponentState.ACTIVE;
            if (!yielded) {
                additional = additional.add(contribution);
            }
            if (explain) {
                components.add(new Component(c.id(), m.authority(), yielded ? part.rate() : contribution, state));
            }
        }
        return explain ? new Rate(base, additional, List.copyOf(components), List.copyOf(causes))
                : new Rate(base, additional, List.of(), List.of());
    }

    /** A measure prepared for the partner: its timeline there, and its attributes. */
    private record Prepared(MeasureTimeline timeline, MeasureMeta meta) {
    }

    /** A measure that covers the product at the instant, with its part there. */
    private record Covering(String id, MeasureMeta meta, Part part) {
    }

    /**
     * Every instant at which the additional duty on the product key moves, over all time, with the values on
     * both sides: what subscribers to that key should end up having been told.
     */
    public List<Transition> transitions(String productKey) {
        String hs = HsCodes.isAllProducts(productKey) ? null : productKey;
        List<Transition> transitions = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (Instant t : instants) {
            BigDecimal now = additional(hs, t);
            if (now.compareTo(previous) != 0) {
                transitions.add(new Transition(t, previous, now));
                previous = now;
            }
        }
        return transitions;
    }

    /** The instants at which a duty of the pair may change. */
    TreeSet<Instant> instants() {
        return instants;
    }

    /** The latest published value of each attribute of a measure's {@code measure} objects. */
    record MeasureMeta(String authority, String title, List<String> yieldsTo, PolicyEvent.Role role,
                       PolicyEvent.Basis basis) {
        /** A measure no fact has described yet: an additional duty, added. */
        static final MeasureMeta NONE = new MeasureMeta(null, null, List.of(), PolicyEvent.Role.ADDITIONAL,
                PolicyEvent.Basis.ADD);

        static MeasureMeta of(List<Fact> facts) {
            MeasureMeta meta = NONE;
            for (Fact f : facts) {
                meta = meta.with(f);
            }
            return meta;
        }

        /** The attributes after {@code f}: what it sets replaces, what it leaves out stays. */
        MeasureMeta with(Fact f) {
            PolicyEvent.Measure m = f.event().measure();
            return new MeasureMeta(m.authority() != null ? m.authority() : authority,
                    m.title() != null ? m.title() : title, m.yieldsTo() != null ? m.yieldsTo() : yieldsTo,
                    m.role() != null ? m.role() : role, m.basis() != null ? m.basis() : basis);
        }
    }
}
