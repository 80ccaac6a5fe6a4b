package io.tariffwatch.ingest.feeds;

import java.time.Duration;

/** Why a feed did not answer with documents. */
public abstract sealed class FeedFailure extends RuntimeException
        permits FeedFailure.RateLimited, FeedFailure.Unavailable, FeedFailure.Refused {
    FeedFailure(String message) {
        super(message, null, false, false);
    }

    /** 429: ask again after {@link #retryAfter}, not before (never retried at once). */
    public static final class RateLimited extends FeedFailure {
        final Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super("the feed asks to wait " + retryAfter.toSeconds() + " s (429)");
            this.retryAfter = retryAfter;
        }
    }

    /** 5xx: the feed is down for now; retried with back-off. */
    public static final class Unavailable extends FeedFailure {
        Unavailable(String message) {
            super(message);
        }
    }

    /** Another 4xx: our request is wrong (a bad setting); retrying will not help. */
    public static final class Refused extends FeedFailure {
        Refused(String message) {
            super(message);
        }
    }
}
