package io.tariffwatch.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.ingest.repository.ApiKey;
import io.tariffwatch.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentKeyChecksTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2025-04-09T04:01:00Z"));
    private final RecentKeyChecks checks = new RecentKeyChecks(Duration.ofSeconds(5), 3, clock);
    private final KeyHolder feed = new KeyHolder("cbp-feed", ApiKey.Role.PUBLISHER);
    private final KeyHolder analyst = new KeyHolder("analyst", ApiKey.Role.READER);

    @Test
    void aKeyFoundLiveIsTrustedUntilTheRecheckIntervalHasPassed() {
        assertTrue(checks.live("h1").isEmpty());
        checks.found("h1", feed, checks.revocations());
        clock.advance(Duration.ofMillis(4_999));
        assertEquals(Optional.of(feed), checks.live("h1"));
        clock.advance(Duration.ofMillis(1));
        assertTrue(checks.live("h1").isEmpty(), "looked up again once the interval has passed");
    }

    @Test
    void aRevocationForgetsTheKeyAtOnceAndOnlyThatKey() {
        checks.found("h1", feed, checks.revocations());
        checks.found("h2", analyst, checks.revocations());
        checks.revoked("cbp-feed");
        assertTrue(checks.live("h1").isEmpty());
        assertEquals(Optional.of(analyst), checks.live("h2"));
    }

    @Test
    void aLookupUnderWayWhenAKeyIsRevokedDoesNotRememberWhatItFound() {
        long before = checks.revocations();
        // the lookup read the key as live; the revocation commits before the lookup reports
        checks.revoked("cbp-feed");
        checks.found("h1", feed, before);
        assertTrue(checks.live("h1").isEmpty());
        checks.found("h1", feed, checks.revocations());
        assertEquals(Optional.of(feed), checks.live("h1"), "a lookup begun after it is remembered");
    }

    @Test
    void boundedWhenFullItStartsOver() {
        long now = checks.revocations();
        checks.found("h1", feed, now);
        checks.found("h2", analyst, now);
        checks.found("h3", analyst, now);
        checks.found("h4", feed, now);
        assertTrue(checks.live("h1").isEmpty());
        assertEquals(Optional.of(feed), checks.live("h4"));
    }

    @Test
    void aZeroIntervalLooksEveryRequestUp() {
        RecentKeyChecks none = new RecentKeyChecks(Duration.ZERO, 3, clock);
        none.found("h1", feed, none.revocations());
        assertTrue(none.live("h1").isEmpty());
    }
}
