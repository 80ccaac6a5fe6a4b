package io.tariffwatch.rates.domain;

import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;

/** A cause of a transition: the contract's kind, and the event behind it ({@code eventId}: the published event's,
 * a DEAL's for its changes). */
public record Cause(CauseKind kind, PolicyEvent event, String eventId) {
    /** The event itself as the cause, with its own kind: what withdrew an announced transition. */
    public static Cause of(PolicyEvent event) {
        return new Cause(CauseKind.of(event.kind()), event, event.id());
    }

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
