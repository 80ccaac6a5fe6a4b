package io.tariffwatch.events;

/** What a policy event does to a measure (the README's "Publishing policy events" and "How tariffs are
 * computed"). */
public enum Kind {
    HIKE, CUT, PAUSE, EXTEND, RESUME, EXEMPTION, DEAL, REVOKE, TALKS;

    /** Informational kinds change no rate by themselves. */
    public boolean informational() {
        return this == DEAL || this == TALKS;
    }
}
