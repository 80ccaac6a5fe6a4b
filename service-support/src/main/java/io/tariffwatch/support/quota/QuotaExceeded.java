package io.tariffwatch.support.quota;

import java.time.Duration;

/** A client asked more often than its quota allows; answered 429 with {@code Retry-After}. */
public class QuotaExceeded extends RuntimeException {
    private final Duration retryAfter;

    public QuotaExceeded(String what, Quota quota, Duration retryAfter) {
        super("at most " + quota.requests() + " " + what + " per " + quota.per() + "; try again in "
                + retryAfterSeconds(retryAfter) + " s", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one, as {@code Retry-After} says it. */
    public long retryAfterSeconds() {
        return retryAfterSeconds(retryAfter);
    }

    private static long retryAfterSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
