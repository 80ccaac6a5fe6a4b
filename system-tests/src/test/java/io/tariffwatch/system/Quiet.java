package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Waiting for arrivals to stop: what a test does before it counts repeats that may still be on their way. */
final class Quiet {
    private Quiet() {
    }

    /** Returns once {@code count} has not moved for {@code quiet}; fails after {@code atMost}. */
    static void settled(LongSupplier count, Duration quiet, Duration atMost) {
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        await().during(quiet).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> last.getAndSet(count.getAsLong()) == last.get());
    }
}
