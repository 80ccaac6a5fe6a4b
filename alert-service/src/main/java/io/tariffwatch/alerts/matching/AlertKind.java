package io.tariffwatch.alerts.matching;

import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.Kind;

/**
 * The kinds a subscription's {@code kinds} filter names: what causes a move ({@link CauseKind}: an event's kind, or a
 * pause or measure running out) and {@link #DOCUMENT}, the feeds' documents, which come only to those who name it.
 */
public enum AlertKind {
    HIKE, CUT, PAUSE, EXTEND, RESUME, EXEMPTION, DEAL, REVOKE, TALKS, PAUSE_EXPIRED, EXPIRED,
    /** A presidential document or agency notice from the feeds. */
    DOCUMENT;

    public static AlertKind of(CauseKind cause) {
        return valueOf(cause.name());
    }

    public static AlertKind of(Kind kind) {
        return valueOf(kind.name());
    }
}
