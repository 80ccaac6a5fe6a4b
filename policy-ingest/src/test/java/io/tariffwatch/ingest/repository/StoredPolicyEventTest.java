package io.tariffwatch.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.testing.LocalInfraTestResource;
import io.tariffwatch.testing.TableReads;
import java.util.List;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class StoredPolicyEventTest {
    /**
     * A group commit looks its ids up through the primary key, however few events the table held when the lookup was
     * planned: a plan made while it was small scans it whole, and a connection had kept that plan as the table grew
     * (3.9 ms a lookup at 60,000 events, the bench's REST publishing slowing as it went).
     */
    @Test
    void idsAreLookedUpThroughTheKeyNeverByScanningTheTable() {
        TableReads reads = QuarkusTransaction.requiringNew().call(() -> {
            Session session = Panache.getEntityManager().unwrap(Session.class);
            session.doWork(TableReads::scansLookFree);
            TableReads before = session.doReturningWork(connection -> TableReads.inTransactionOf(connection, "policy_event"));
            for (int i = 0; i < 12; i++) {
                StoredPolicyEvent.knownByIds(List.of("never-published-" + i, "also-never-published"));
            }
            return session.doReturningWork(connection -> TableReads.inTransactionOf(connection, "policy_event"))
                    .since(before);
        });
        assertEquals(0, reads.scans(), "no lookup scanned the table");
        assertTrue(reads.indexReads() >= 12, "each lookup read the key: " + reads);
    }
}
