package io.tariffwatch.support.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.tariffwatch.support.domain.Refused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/** An operator's handling of parked outbox records: list them, send one again, or drop it. */
@IfBuildProperty(name = OutboxConfig.ENABLED, stringValue = "true")
@ApplicationScoped
public class OutboxParking {
    private static final Logger LOG = Logger.getLogger(OutboxParking.class);
    public static final int MAX_LISTED = 500;

    public record ParkedRecord(long id, String topic, String key, String ceId, String ceType, int payloadChars,
                               OffsetDateTime createdAt, OffsetDateTime parkedAt, String reason) {
        static ParkedRecord of(OutboxRecord r) {
            return new ParkedRecord(r.id, r.topic, r.recordKey, r.ceId, r.ceType, r.payload.length(), r.createdAt,
                    r.parkedAt, r.parkReason);
        }
    }

    @Transactional
    public List<ParkedRecord> list(int limit) {
        return OutboxRecord.parked(Math.min(Math.max(limit, 1), MAX_LISTED)).stream().map(ParkedRecord::of).toList();
    }

    /** Back in line: the relay publishes it with the next batch (after records written since, if any). */
    @Transactional
    public void retry(long id) {
        parkedRecord(id).unparked();
        LOG.infof("outbox: parked record %d queued again by an operator", id);
    }

    @Transactional
    public void drop(long id) {
        OutboxRecord r = parkedRecord(id);
        LOG.warnf("outbox: parked record %d (%s, ce_id %s) dropped by an operator", id, r.topic, r.ceId);
        r.delete();
    }

    private static OutboxRecord parkedRecord(long id) {
        OutboxRecord r = OutboxRecord.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || !r.isParked()) {
            throw Refused.notFound("no parked outbox record " + id);
        }
        return r;
    }
}
