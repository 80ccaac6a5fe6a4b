package io.tariffwatch.alerts.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiverBackoffTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2025-04-09T12:00:00Z"));
    private final ReceiverBackoff<String> backoff =
            new ReceiverBackoff<>(clock, Duration.ofSeconds(1), Duration.ofSeconds(10), 3);

    @Test
    void aReceiverThatNeverFailedIsNotLeftAlone() {
        assertFalse(backoff.isOpen("a"));
        assertEquals(Set.of(), backoff.open());
    }

    @Test
    void eachFailureInARowDoublesTheWaitUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(1), backoff.failed("a", clock.instant()));
        assertEquals(Duration.ofSeconds(2), backoff.failed("a", clock.instant()));
        assertEquals(Duration.ofSeconds(4), backoff.failed("a", clock.instant()));
        assertEquals(Duration.ofSeconds(8), backoff.failed("a", clock.instant()));
        assertEquals(Duration.ofSeconds(10), backoff.failed("a", clock.instant()));
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ofSeconds(10), backoff.failed("a", clock.instant()), "a long streak neither overflows nor grows");
        }
    }

    @Test
    void attemptsUnderWayWhenTheReceiverFailedAreTheSameOutageNotAStreak() {
        Instant started = clock.instant();
        clock.advance(Duration.ofMillis(100));
        assertEquals(Duration.ofSeconds(1), backoff.failed("a", started));
        clock.advance(Duration.ofMillis(400));
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ofMillis(600), backoff.failed("a", started),
                    "an attempt started before the failure fails with it: the wait runs on, not doubled");
        }
        clock.advance(Duration.ofMillis(600));
        assertFalse(backoff.isOpen("a"));
        assertEquals(Duration.ZERO, backoff.failed("a", started), "nor reopened once over");
        assertFalse(backoff.isOpen("a"));
        assertEquals(Duration.ofSeconds(2), backoff.failed("a", clock.instant()),
                "an attempt started after the failure and failing is the next in a row");
    }

    @Test
    void theReceiverIsLeftAloneUntilItsWaitIsOverAndOthersAreNot() {
        backoff.failed("a", clock.instant());
        backoff.failed("a", clock.instant());
        assertTrue(backoff.isOpen("a"));
        assertFalse(backoff.isOpen("b"));
        assertEquals(Set.of("a"), backoff.open());
        clock.advance(Duration.ofMillis(1999));
        assertTrue(backoff.isOpen("a"));
        clock.advance(Duration.ofMillis(1));
        assertFalse(backoff.isOpen("a"));
        assertEquals(Set.of(), backoff.open());
    }

    @Test
    void oneSuccessClosesItAndStartsTheStreakAgain() {
        backoff.failed("a", clock.instant());
        backoff.failed("a", clock.instant());
        backoff.succeeded("a");
        assertFalse(backoff.isOpen("a"));
        assertEquals(Duration.ofSeconds(1), backoff.failed("a", clock.instant()));
    }

    @Test
    void atCapacityReceiversWhoseWaitIsOverAreForgottenAndOpenOnesKept() {
        backoff.failed("a", clock.instant());
        backoff.failed("b", clock.instant());
        clock.advance(Duration.ofSeconds(1));
        backoff.failed("c", clock.instant()); // a and b are over, c is open
        backoff.failed("d", clock.instant()); // full: a and b forgotten to make room
        assertEquals(Set.of("c", "d"), backoff.open());
        assertEquals(Duration.ofSeconds(1), backoff.failed("a", clock.instant()), "a's streak was forgotten");
    }

    @Test
    void whenEveryRememberedReceiverIsOpenANewOneIsNotRememberedButNothingBreaks() {
        backoff.failed("a", clock.instant());
        backoff.failed("b", clock.instant());
        backoff.failed("c", clock.instant());
        assertEquals(Duration.ofSeconds(1), backoff.failed("d", clock.instant()));
        assertEquals(Set.of("a", "b", "c"), backoff.open());
        assertFalse(backoff.isOpen("d"));
    }

    @Test
    void aWaitMustBePositiveAndNoLongerThanTheMaximum() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiverBackoff<>(clock, Duration.ZERO, Duration.ofSeconds(1), 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ReceiverBackoff<>(clock, Duration.ofSeconds(2), Duration.ofSeconds(1), 1));
    }
}
