package io.tariffwatch.events;

/** What brought a rate change: an event of a {@link Kind}, or an end reached by time alone. */
public enum CauseKind {
    HIKE, CUT, PAUSE, EXTEND, RESUME, EXEMPTION, DEAL, REVOKE, TALKS,
    /** A pause ran out: the paused rate applies again. */
    PAUSE_EXPIRED,
    /** A measure's {@code effectiveUntil} passed. */
    EXPIRED;

    public static CauseKind of(Kind kind) {
        return valueOf(kind.name());
    }
}
