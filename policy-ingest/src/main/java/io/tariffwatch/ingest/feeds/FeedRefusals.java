package io.tariffwatch.ingest.feeds;

import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** What the feed's answers mean: 429 says when to ask again, 5xx is worth a retry, another 4xx is not. */
public class FeedRefusals implements ResponseExceptionMapper<FeedFailure> {
    /** The longest a Retry-After is honoured; a longer one waits this long. */
    static final Duration MAX_WAIT = Duration.ofHours(1);

    @Override
    public FeedFailure toThrowable(Response response) {
        int status = response.getStatus();
        if (status == 429) {
            return new FeedFailure.RateLimited(retryAfter(response.getHeaderString("Retry-After")));
        }
        if (status >= 500) {
            return new FeedFailure.Unavailable("the feed answered " + status);
        }
        return new FeedFailure.Refused("the feed answered " + status);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** Seconds or an HTTP date; a minute when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ofMinutes(1);
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                wait = Duration.ofMinutes(1);
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
