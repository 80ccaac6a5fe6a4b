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
 * {@code max}); one success closes it. Attempts that were already under way when the receiver last failed
 * and then fail too are the same outage seen again, not more failures in a row: a stall that times out the
 * hundred attempts in flight at once leaves the receiver alone for {@code base}, not for {@code max}. Alerts to other receivers are claimed meanwhile, so a receiver that
 * stalls or fails costs only its own deliveries. Per instance, in memory: another instance learns of a
 * failing receiver by failing once itself.
 */
public final class ReceiverBackoff<K> {
    private record State(int failuresInARow, Instant lastFailed, Instant openUntil) {
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

    /** Records a failed attempt that started at {@code attemptStarted}; returns how long the receiver is now left
     * alone. */
    public synchronized Duration failed(K receiver, Instant attemptStarted) {
        Instant now = clock.instant();
        State known = states.get(receiver);
        if (known != null && attemptStarted.isBefore(known.lastFailed())) {
            return known.openUntil().isAfter(now) ? Duration.between(now, known.openUntil()) : Duration.ZERO;
        }
        int inARow = known != null ? known.failuresInARow() + 1 : 1;
        Duration wait = waitAfter(inARow);
        if (states.size() >= capacity && known == null) {
            forgetClosed();
        }
        if (states.size() < capacity || known != null) {
            states.put(receiver, new State(inARow, now, now.plus(wait)));
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
