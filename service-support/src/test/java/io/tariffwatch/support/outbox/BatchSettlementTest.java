package io.tariffwatch.support.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class BatchSettlementTest {
    private static final SendOutcome ACK = new SendOutcome.Acknowledged();
    private static final SendOutcome TOO_LARGE = SendOutcome.of(new RecordTooLargeException("2097152 bytes"));
    private static final SendOutcome OUTAGE = SendOutcome.of(new TimeoutException("no acknowledgement within PT30S"));

    @Test
    void recordsTheBrokerCanNeverTakeAreRefusedEvenWhenWrapped() {
        assertInstanceOf(SendOutcome.Refused.class, TOO_LARGE);
        assertTrue(((SendOutcome.Refused) TOO_LARGE).reason().startsWith("RecordTooLargeException"));
        assertInstanceOf(SendOutcome.Refused.class, SendOutcome.of(new CompletionException(new InvalidTopicException("bad"))));
    }

    @Test
    void outagesAndTimeOutsAreNotYetNeverRefused() {
        assertInstanceOf(SendOutcome.NotYet.class, OUTAGE);
        assertInstanceOf(SendOutcome.NotYet.class, SendOutcome.of(new NotLeaderOrFollowerException("moving")));
        assertInstanceOf(SendOutcome.NotYet.class, SendOutcome.of(new IllegalStateException("emitter closed")));
        assertInstanceOf(SendOutcome.Acknowledged.class, SendOutcome.of(null));
    }

    @Test
    void aWholeAcknowledgedBatchIsPublished() {
        BatchSettlement s = BatchSettlement.of(List.of(ACK, ACK, ACK));
        assertEquals(List.of(0, 1, 2), s.published());
        assertEquals(List.of(), s.parked());
        assertNull(s.stoppedBy());
        assertEquals(3, s.settled());
    }

    @Test
    void aRefusedRecordIsParkedAndTheRecordsAfterItArePublished() {
        BatchSettlement s = BatchSettlement.of(List.of(ACK, TOO_LARGE, ACK));
        assertEquals(List.of(0, 2), s.published());
        assertEquals(List.of(1), s.parked());
        assertNull(s.stoppedBy());
    }

    @Test
    void theFirstRecordNotYetAnsweredStopsTheSettlementSoThatOrderIsKept() {
        BatchSettlement s = BatchSettlement.of(List.of(ACK, TOO_LARGE, OUTAGE, ACK, TOO_LARGE));
        assertEquals(List.of(0), s.published());
        assertEquals(List.of(1), s.parked());
        assertEquals(OUTAGE, s.stoppedBy());
        assertEquals(2, s.settled(), "records 2–4 wait, 3 is sent again after 2");
    }

    @Test
    void anEmptyBatchSettlesNothing() {
        assertEquals(0, BatchSettlement.of(List.of()).settled());
    }
}
