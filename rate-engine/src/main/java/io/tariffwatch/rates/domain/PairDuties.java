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

/**
 * The duties of one imposer on one partner, from the facts a query may see: each measure that ever targets
 * the partner is prepared once ({@link MeasureTimeline}), then any product at any instant is cheap. The
 * stacking rules of the README (BASE, FLOOR, yieldsTo) live here. Once the imposer publishes more, the next book
 * extends these ({@link #extendedBy}): only the measures its new facts belong to are prepared again.
 */
public final class PairDuties {
    private final Map<String, MeasureTimeline> timelines;
    private final Map<String, MeasureMeta> meta;
    private final TreeSet<Instant> instants;
    /** The order of the imposer's last fact when these were prepared: what came after is not in them. */
    private final long preparedUpTo;

    PairDuties(ImposerFacts facts, String imposer, String partner, long preparedUpTo) {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new TreeSet<>(), preparedUpTo);
        facts.forPartner(imposer, partner).forEach((id, partnerFacts) -> prepare(id, partnerFacts, facts));
    }

    private PairDuties(Map<String, MeasureTimeline> timelines, Map<String, MeasureMeta> meta, TreeSet<Instant> instants,
                       long preparedUpTo) {
        this.timelines = timelines;
        this.meta = meta;
        this.instants = instants;
        this.preparedUpTo = preparedUpTo;
    }

    /** The measure's timeline on this partner from {@code partnerFacts} (all of its facts that target it), and the
     * instants at which they may change a duty. */
    private void prepare(String measureId, List<Fact> partnerFacts, ImposerFacts facts) {
        timelines.put(measureId, new MeasureTimeline(partnerFacts));
        meta.put(measureId, facts.meta(measureId));
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
        if (!timelines.isEmpty() && touched.containsAll(timelines.keySet())) {
            return null;
        }
        Map<String, List<Fact>> changed = touched.isEmpty() ? Map.of() : facts.forPartner(imposer, partner, touched);
        if (changed.isEmpty()) {
            return new PairDuties(timelines, meta, instants, upTo);
        }
        int lastRank = timelines.isEmpty() ? -1 : facts.rank(lastKey(timelines));
        for (String id : changed.keySet()) {
            if (!timelines.containsKey(id) && facts.rank(id) < lastRank) {
                return null;
            }
        }
        PairDuties extended = new PairDuties(new LinkedHashMap<>(timelines), new LinkedHashMap<>(meta),
                new TreeSet<>(instants), upTo);
        changed.forEach((id, partnerFacts) -> extended.prepare(id, partnerFacts, facts));
        return extended;
    }

    private static String lastKey(Map<String, MeasureTimeline> inOrder) {
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

    private Rate compute(String hs, Instant t, boolean explain) {
        Map<String, Part> covering = new LinkedHashMap<>();
        Set<String> causes = explain ? new LinkedHashSet<>() : null;
        timelines.forEach((id, timeline) -> {
            Part part = timeline.part(hs, t, causes);
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
            if (explain) {
                components.add(new Component(e.getKey(), m.authority(), yielded ? part.rate() : contribution, state));
            }
        }
        return explain ? new Rate(base, additional, List.copyOf(components), List.copyOf(causes))
                : new Rate(base, additional, List.of(), List.of());
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

    Map<String, MeasureTimeline> timelines() {
        return timelines;
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
