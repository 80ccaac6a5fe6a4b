package io.tariffwatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How long a 429's Retry-After makes a watch wait. */
class FeedRefusalsTest {
    private static final Date ANSWERED = Date.from(Instant.parse("2025-04-02T20:00:00Z"));

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("seconds", "120", ANSWERED, Duration.ofSeconds(120)),
                Arguments.of("seconds with spaces", " 30 ", null, Duration.ofSeconds(30)),
                Arguments.of("a date, counted from the answer's Date", "Wed, 02 Apr 2025 20:05:00 GMT", ANSWERED,
                        Duration.ofMinutes(5)),
                Arguments.of("a date without a Date to count from", "Wed, 02 Apr 2025 20:05:00 GMT", null,
                        Duration.ofMinutes(1)),
                Arguments.of("a date already past", "Wed, 02 Apr 2025 19:00:00 GMT", ANSWERED, Duration.ZERO),
                Arguments.of("longer than an hour", "86400", ANSWERED, FeedRefusals.MAX_WAIT),
                Arguments.of("absent", null, ANSWERED, Duration.ofMinutes(1)),
                Arguments.of("unreadable", "soon", ANSWERED, Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void waits(String name, String retryAfter, Date answeredAt, Duration expected) {
        assertEquals(expected, FeedRefusals.retryAfter(retryAfter, answeredAt));
    }
}
