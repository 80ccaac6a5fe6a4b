package io.tariffwatch.rates.domain;

import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Why a pair's duty changes at an instant, from the facts of every stage that target the partner, by measure:
 * {@code PAUSE_EXPIRED} where a pause of the partner ends then, {@code EXPIRED} where a setting or exemption
 * ends, else the kind of the latest-published event taking effect then.
 */
final class CauseAttribution {
    private CauseAttribution() {
    }

    /** Null where nothing of the partner happens at {@code t}. */
    static Cause at(Map<String, List<Fact>> byMeasure, Instant t) {
        for (List<Fact> measure : byMeasure.values()) {
            for (MeasureTimeline.Pause p : MeasureTimeline.pauses(measure)) {
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
}
