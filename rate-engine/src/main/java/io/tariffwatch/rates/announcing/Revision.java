package io.tariffwatch.rates.announcing;

import io.tariffwatch.rates.domain.Transition;
import java.time.Instant;

/**
 * What subscribers of one key must be told so that what they hold equals the engine's timeline: a new
 * transition ({@code was} null), a correction of an announced one (both set), or the withdrawal of an
 * announced transition that no longer happens ({@code now} null). {@code id} names the rate change.
 */
public record Revision(DutyKey key, String id, Transition now, Announced was) {
    public Instant at() {
        return now != null ? now.at() : was.at();
    }

    public boolean correction() {
        return was != null;
    }

    Announced announced() {
        return new Announced(now.at(), now.previous(), now.next(), id);
    }
}
