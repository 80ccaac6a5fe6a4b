package io.tariffwatch.alerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A circuit breaker per receiver (a webhook subscription, or the SMTP server): after a failed attempt its
 * receiver is left alone for a while that doubles with each failure in a row ({@code base}, 2×, 4×, … up to
 * {@code max}); one success closes it. Alerts to other receivers are claimed meanwhile, so a receiver that
 * stalls or fails costs only its own deliveries. Per instance, in memory: another instance learns of a
 * failing receiver by failing once itself.
 */
public final class ReceiverBackoff<K> {
    private record State(int failuresInARow, Instant openUntil) {
    }

    private final Clock clock;
    private final Duration base;
    private final Duration max;
    private final int capacity;
    private final Map<K, State> states = new HashMap<>();

    /** @param capacity receivers remembered at most; beyond it, those whose back-off is over are forgotten */
    public ReceiverBackoff(Clock clock, Duration base, Duration max, int capacity) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < base <= max, got " + base + " and " + max);
        }
        this.clock = clock;
        this.base = base;
        this.max = max;
        this.capacity = capacity;
    }

    /** Records a failed attempt; returns how long the receiver is now left alone. */
    public synchronized Duration failed(K receiver) {
        int inARow = states.containsKey(receiver) ? states.get(receiver).failuresInARow() + 1 : 1;
        Duration wait = waitAfter(inARow);
        if (states.size() >= capacity && !states.containsKey(receiver)) {
            forgetClosed();
        }
        if (states.size() < capacity || states.containsKey(receiver)) {
            states.put(receiver, new State(inARow, clock.instant().plus(wait)));
        }
        return wait;
    }

    public synchronized void succeeded(K receiver) {
        states.remove(receiver);
    }

    /** Receivers left alone right now. */
    public synchronized Set<K> open() {
        Instant now = clock.instant();
        return states.entrySet().stream().filter(e -> e.getValue().openUntil().isAfter(now))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    public synchronized boolean isOpen(K receiver) {
        State s = states.get(receiver);
        return s != null && s.openUntil().isAfter(clock.instant());
    }

    private Duration waitAfter(int failuresInARow) {
        // 2^(n-1) × base, without overflowing for long streaks
        int doublings = Math.min(failuresInARow - 1, 30);
        Duration wait = base.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private void forgetClosed() {
        Instant now = clock.instant();
        states.values().removeIf(s -> !s.openUntil().isAfter(now));
    }
}
