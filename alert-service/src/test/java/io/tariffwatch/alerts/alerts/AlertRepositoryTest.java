package io.tariffwatch.alerts.alerts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tariffwatch.testing.LocalInfraTestResource;
import io.tariffwatch.testing.TableReads;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class AlertRepositoryTest {
    @Inject
    AlertRepository alerts;

    /** New alerts find their subscriptions through the key, however few the table held when that was planned: a
     * fan-out inserts thousands of alerts a second into a table that grew from empty. */
    @Test
    void newAlertsReadTheirSubscriptionsThroughTheKeyNeverByScanningTheTable() {
        UUID subscription = UUID.fromString(given().contentType(ContentType.JSON).body("{\"channel\":\"webhook\","
                + "\"target\":\"http://127.0.0.1:9/hooks\",\"filters\":{\"partners\":[\"KI\"]}}")
                .post("/api/v1/subscriptions").then().statusCode(201).extract().path("id"));
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
}
