package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Which partners events concern: targets expanded (EU to its members, {@code *} to every country but the
 * imposer) less exceptTargets, and the partners whose duties an event can change. */
final class Partners {
    private Partners() {
    }

    /** The partners an event can change: its targets expanded, less exceptTargets; plus EU itself where the
     * event targets EU or every country. */
    static Set<String> of(PolicyEvent event) {
        Set<String> partners = new TreeSet<>();
        for (PolicyEvent e : Fact.steps(event)) {
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
     * The partners whose duties {@code event} (one of {@code imposerFacts}' events) can change: those it targets,
     * and, where it sets a measure's role, basis or yieldsTo, every partner of that measure, since those apply
     * to all of them. (Only those: a measure on every country would otherwise make each of its events
     * recompute every partner.)
     */
    static Set<String> touchedBy(List<Fact> imposerFacts, PolicyEvent event) {
        Set<String> partners = of(event);
        Set<String> measures = new HashSet<>();
        for (PolicyEvent step : Fact.steps(event)) {
            PolicyEvent.Measure m = step.measure();
            if (m != null && (m.role() != null || m.basis() != null || m.yieldsTo() != null)) {
                measures.add(m.id());
            }
        }
        if (measures.isEmpty()) {
            return partners;
        }
        for (Fact f : imposerFacts) {
            if (f.measureId() != null && measures.contains(f.measureId()) && !f.sourceEventId().equals(event.id())) {
                partners.addAll(of(f.event()));
            }
        }
        return partners;
    }

    /** Every partner that some measure of the facts targets (EU members counted one by one). */
    static Set<String> targetedBy(List<Fact> imposerFacts) {
        Set<String> partners = new TreeSet<>();
        for (Fact f : imposerFacts) {
            if (f.measureId() != null) {
                partners.addAll(of(f.event()));
            }
        }
        return partners;
    }
}
