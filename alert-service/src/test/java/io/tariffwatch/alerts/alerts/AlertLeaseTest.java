package io.tariffwatch.alerts.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lease rules an alert owns: who may record an outcome, and when it counts as in flight. */
class AlertLeaseTest {
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2025-04-09T12:00:00Z");

    private static Alert pending() {
        Alert a = new Alert();
        a.status = Alert.Status.PENDING;
        a.nextAttemptAt = NOW;
        return a;
    }

    @Test
    void aLeasedAlertIsInFlightUntilItsLeaseRunsOut() {
        Alert a = pending();
        assertFalse(a.inFlight(NOW));
        a.leased(UUID.randomUUID(), NOW.plusMinutes(2));
        assertTrue(a.inFlight(NOW));
        assertTrue(a.inFlight(NOW.plusMinutes(2).minusNanos(1)));
        assertFalse(a.inFlight(NOW.plusMinutes(2)));
    }

    @Test
    void onlyTheCurrentLeaseMayRecordAnOutcome() {
        Alert a = pending();
        UUID first = UUID.randomUUID();
        a.leased(first, NOW.plusMinutes(2));
        assertTrue(a.heldUnder(first));
        UUID second = UUID.randomUUID();
        a.leased(second, NOW.plusMinutes(4)); // the first lease ran out and another instance took the alert
        assertFalse(a.heldUnder(first), "the first instance's late outcome is fenced off");
        assertTrue(a.heldUnder(second));
    }

    @Test
    void anOutcomeEndsTheLease() {
        UUID lease = UUID.randomUUID();
        Alert delivered = pending();
        delivered.leased(lease, NOW.plusMinutes(2));
        delivered.delivered(NOW);
        assertEquals(Alert.Status.DELIVERED, delivered.status);
        assertNull(delivered.leaseId);
        assertFalse(delivered.heldUnder(lease), "a second outcome under the same lease is not recorded");
        assertFalse(delivered.inFlight(NOW));

        Alert retried = pending();
        retried.leased(lease, NOW.plusMinutes(2));
        retried.retryAt(NOW.plusSeconds(5), "the receiver answered 503");
        assertFalse(retried.inFlight(NOW));
        assertEquals(NOW.plusSeconds(5), retried.nextAttemptAt);
        assertEquals("the receiver answered 503", retried.lastError);
    }

    @Test
    void aRequeuedAlertIsDueAtOnceWhateverItsState() {
        Alert a = pending();
        a.failed("x".repeat(5000));
        assertEquals(1000, a.lastError.length(), "errors are bounded");
        a.requeued(NOW);
        assertEquals(Alert.Status.PENDING, a.status);
        assertEquals(NOW, a.nextAttemptAt);
    }
}
