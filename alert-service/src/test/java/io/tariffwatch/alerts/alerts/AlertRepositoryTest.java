package io.tariffwatch.alerts.alerts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tariffwatch.support.persistence.PlainSql;
import io.tariffwatch.testing.LocalInfraTestResource;
import io.tariffwatch.testing.TableReads;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class AlertRepositoryTest {
    private static final String DELIVERY_STATES = "alert_delivery";

    @Inject
    AlertRepository alerts;

    /** New alerts find their subscriptions through the key, however few the table held when that was planned: a
     * fan-out inserts thousands of alerts a second into a table that grew from empty. */
    @Test
    void newAlertsReadTheirSubscriptionsThroughTheKeyNeverByScanningTheTable() {
        UUID subscription = webhookSubscription();
        TableReads reads = QuarkusTransaction.requiringNew().call(() -> {
            Session session = Panache.getEntityManager().unwrap(Session.class);
            session.doWork(TableReads::scansLookFree);
            TableReads before = session.doReturningWork(connection -> TableReads.inTransactionOf(connection, "subscription"));
            assertEquals(1, alerts.insertIfAbsent(AlertType.RATE_CHANGED, List.of(new AlertRepository.NewAlert(
                    subscription, Alert.Status.PENDING, "source-" + UUID.randomUUID(), "{}")), Instant.now()));
            return session.doReturningWork(connection -> TableReads.inTransactionOf(connection, "subscription"))
                    .since(before);
        });
        assertEquals(0, reads.scans(), "no scan of the subscriptions: " + reads);
    }

    /** A subscription deleted since a poll's subscriptions were read gets no alert, and the others of the part get
     * theirs: the poll is retried with the subscriptions it read, so a part that failed for it had failed forever and
     * held every later rate change back. */
    @Test
    void aSubscriptionNoLongerThereGetsNoAlertAndTheOthersOfThePartGetTheirs() {
        UUID kept = webhookSubscription();
        UUID deleted = UUID.randomUUID(); // as a deleted one: no row
        String source = "source-" + UUID.randomUUID();
        int created = QuarkusTransaction.requiringNew().call(() -> alerts.insertIfAbsent(AlertType.RATE_CHANGED, List.of(
                new AlertRepository.NewAlert(deleted, Alert.Status.PENDING, source, "{}"),
                new AlertRepository.NewAlert(kept, Alert.Status.PENDING, source, "{}")), Instant.now()));
        assertEquals(1, created);
        assertEquals(List.of(kept), QuarkusTransaction.requiringNew().call(() -> PlainSql.list(
                "select subscription_id from alert where source_id = ?", PlainSql.Parameters.of(source),
                row -> row.getObject(1, UUID.class))));
    }

    /** A claim reads the alerts it takes, not every due one: amid a fan-out's thousands of due alerts, a claim that
     * read them all had cost time in proportion to the backlog. */
    @Test
    void aClaimReadsTheAlertsItTakesNotTheWholeBacklog() {
        // due a day ago, before any other test's (a claim also takes up to as many due retries, of other tests); the
        // delivery states are scanned in due order, the alerts read by their key
        Map<String, TableReads> reads = readsAmidThousands(Instant.now().minus(Duration.ofDays(1)),
                List.of(DELIVERY_STATES, "alert"), subscription -> (int) alerts.claimDue(Set.of(), 0, 16).stream()
                        .filter(a -> a.subscriptionId.equals(subscription)).count());
        reads.forEach((table, r) -> assertTrue(r.rowsRead() < 200,
                "a claim of 16 read " + r.rowsRead() + " rows of " + table));
    }

    /** Recording outcomes locks the delivery states it changes by their key, whatever the table holds: amid a
     * fan-out, a plan that scanned the table read every alert's state for each batch of outcomes. */
    @Test
    void outcomesLockTheDeliveryStatesTheyChangeNotTheWholeTable() {
        TableReads reads = deliveryStatesReadBy(subscription -> {
            List<UUID> ids = PlainSql.list("select id from alert where subscription_id = ? limit 16",
                    PlainSql.Parameters.of(subscription), row -> row.getObject(1, UUID.class));
            List<Alert> locked = alerts.lockedForDeliveryState(ids);
            locked.forEach(Alert::attempted);
            alerts.saveDeliveryState(locked);
            return locked.size();
        });
        assertEquals(0, reads.scans(), "no scan of the delivery states: " + reads);
        assertTrue(reads.rowsRead() < 100, "16 outcomes read " + reads.rowsRead() + " delivery states");
    }

    /** A page of the delivery log reads its alerts' states by their key, however many alerts the subscription has. */
    @Test
    void aPageOfTheDeliveryLogReadsItsAlertsStatesNotEveryAlertsOfTheSubscription() {
        TableReads reads = deliveryStatesReadBy(subscription -> alerts.deliveryLog(subscription, null, 16).entries().size());
        assertEquals(0, reads.scans(), "no scan of the delivery states: " + reads);
        assertTrue(reads.rowsRead() < 100, "a page of 16 read " + reads.rowsRead() + " delivery states");
    }

    /** {@link #readsAmidThousands} of the delivery states alone, the alerts not due before tomorrow (no worker takes
     * them). */
    private TableReads deliveryStatesReadBy(ToIntFunction<UUID> work) {
        return readsAmidThousands(Instant.now().plus(Duration.ofDays(1)), List.of(DELIVERY_STATES), work)
                .get(DELIVERY_STATES);
    }

    /**
     * What {@code work} on 16 alerts read of each table, amid 3,000 alerts of a new subscription due at {@code due},
     * in a transaction of their own (the worker does not see them), rolled back at its end. Planned as if scanning
     * cost nothing, as for a table the planner last saw nearly empty (a fan-out inserts thousands of alerts in a
     * second): reading every row then looks as cheap as anything.
     */
    private Map<String, TableReads> readsAmidThousands(Instant due, List<String> tables, ToIntFunction<UUID> work) {
        UUID subscription = webhookSubscription();
        QuarkusTransaction.begin();
        try {
            List<AlertRepository.NewAlert> thousands = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                thousands.add(new AlertRepository.NewAlert(subscription, Alert.Status.PENDING, "many-" + i, "{}"));
            }
            assertEquals(3_000, alerts.insertIfAbsent(AlertType.RATE_CHANGED, thousands, due));
            Session session = Panache.getEntityManager().unwrap(Session.class);
            session.doWork(TableReads::scansLookFree);
            Map<String, TableReads> before = readsOf(session, tables);
            assertEquals(16, work.applyAsInt(subscription));
            Map<String, TableReads> after = readsOf(session, tables);
            Map<String, TableReads> reads = new LinkedHashMap<>();
            tables.forEach(table -> reads.put(table, after.get(table).since(before.get(table))));
            return reads;
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private static Map<String, TableReads> readsOf(Session session, List<String> tables) {
        Map<String, TableReads> reads = new LinkedHashMap<>();
        for (String table : tables) {
            reads.put(table, session.doReturningWork(connection -> TableReads.inTransactionOf(connection, table)));
        }
        return reads;
    }

    private static UUID webhookSubscription() {
        return UUID.fromString(given().contentType(ContentType.JSON).body("{\"channel\":\"webhook\","
                + "\"target\":\"http://127.0.0.1:9/hooks\",\"filters\":{\"partners\":[\"KI\"]}}")
                .post("/api/v1/subscriptions").then().statusCode(201).extract().path("id"));
    }
}
