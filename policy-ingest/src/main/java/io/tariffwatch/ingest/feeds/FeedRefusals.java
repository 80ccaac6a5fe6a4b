package io.tariffwatch.ingest.feeds;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** What the feed's answers mean: 429 says when to ask again, 5xx is worth a retry, another 4xx is not. */
public class FeedRefusals implements ResponseExceptionMapper<FeedFailure> {
    /** The longest a Retry-After is honoured; a longer one waits this long. */
    static final Duration MAX_WAIT = Duration.ofHours(1);

    @Override
    public FeedFailure toThrowable(Response response) {
        int status = response.getStatus();
        if (status == 429) {
            return new FeedFailure.RateLimited(retryAfter(response.getHeaderString("Retry-After"), response.getDate()));
        }
        if (status >= 500) {
            return new FeedFailure.Unavailable("the feed answered " + status);
        }
        return new FeedFailure.Refused("the feed answered " + status);
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /**
     * Seconds, or an HTTP date counted from the answer's own {@code Date} (the server's clock, so that a skew of
     * ours does not matter); a minute when absent, unreadable, or a date without a {@code Date} to count from.
     */
    static Duration retryAfter(String value, Date answeredAt) {
        if (value == null || value.isBlank()) {
            return Duration.ofMinutes(1);
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant until = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = answeredAt == null ? Duration.ofMinutes(1) : Duration.between(answeredAt.toInstant(), until);
            } catch (DateTimeParseException notADate) {
                wait = Duration.ofMinutes(1);
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
