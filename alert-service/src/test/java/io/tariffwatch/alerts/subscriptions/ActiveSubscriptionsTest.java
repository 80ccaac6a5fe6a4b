package io.tariffwatch.alerts.subscriptions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.matching.AlertKind;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.events.Stage;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.tariffwatch.testing.LocalInfraTestResource;
import io.tariffwatch.testing.SettableClock;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The in-memory subscriptions follow what any instance writes to the table — new, changed, disabled, deleted — and
 * a change committed by a transaction that was under way when they were last read is not missed; a deletion whose
 * removal the database no longer keeps is caught up by the next full read.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class ActiveSubscriptionsTest {
    @Inject
    ActiveSubscriptions subscriptions;

    @Inject
    DataSource database;

    @Inject
    ObjectMapper mapper;

    @Test
    void followsWhatAnyInstanceWritesIncludingATransactionUnderWayAtTheLastRead() throws Exception {
        UUID id = subscribe("PW");
        assertTrue(takes(id, "PW"), "a new subscription");

        // another instance changes its filters
        write("update subscription set filters = '{\"partners\":[\"MH\"]}'::jsonb where id = ?", id);
        assertFalse(takes(id, "PW"));
        assertTrue(takes(id, "MH"), "changed filters");

        // disabled, then active again
        write("update subscription set status = 'DISABLED' where id = ?", id);
        assertFalse(takes(id, "MH"), "a disabled subscription takes nothing");
        write("update subscription set status = 'ACTIVE' where id = ?", id);
        assertTrue(takes(id, "MH"));

        // a transaction under way while the subscriptions are read commits afterwards: the next read has it
        try (Connection other = database.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement update = other.prepareStatement(
                    "update subscription set filters = '{\"partners\":[\"FM\"]}'::jsonb where id = ?")) {
                update.setObject(1, id);
                update.executeUpdate();
            }
            assertTrue(takes(id, "MH"), "not committed yet");
            other.commit();
        }
        assertTrue(takes(id, "FM"), "committed after the last read");

        // deleted by another instance: no row is left to read, its removal tells it
        write("delete from subscription where id = ?", id);
        assertFalse(takes(id, "FM"), "a deleted subscription");
    }

    @Test
    void aDeletionWhoseRemovalIsNoLongerKeptIsCaughtUpByTheNextFullRead() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2025-04-09T12:00:00Z"));
        ActiveSubscriptions held = new ActiveSubscriptions(mapper, database, clock, Duration.ofHours(1));
        UUID id = subscribe("NR");
        assertTrue(takes(held, id, "NR"));

        // deleted, and its removal dropped (as after a week) before this instance read again
        try (Connection other = database.getConnection()) {
            other.setAutoCommit(false);
            for (String sql : List.of("delete from subscription where id = ?",
                    "delete from subscription_removal where subscription_id = ?")) {
                try (PreparedStatement delete = other.prepareStatement(sql)) {
                    delete.setObject(1, id);
                    assertEquals(1, delete.executeUpdate());
                }
            }
            other.commit();
        }
        assertTrue(takes(held, id, "NR"), "nothing tells it until the next full read");
        clock.advance(Duration.ofMinutes(61));
        assertFalse(takes(held, id, "NR"), "read whole again");
    }

    private static UUID subscribe(String partner) {
        return UUID.fromString(given().contentType(ContentType.JSON).body("{\"channel\":\"webhook\",\"target\":"
                + "\"http://127.0.0.1:9/hooks\",\"filters\":{\"partners\":[\"" + partner + "\"]}}")
                .post("/api/v1/subscriptions").then().statusCode(201).extract().path("id"));
    }

    /** Whether the subscription takes a rate change on {@code partner}, as matching sees it now. */
    private boolean takes(UUID id, String partner) {
        return takes(subscriptions, id, partner);
    }

    private static boolean takes(ActiveSubscriptions held, UUID id, String partner) {
        AlertSource change = new AlertSource("change-" + UUID.randomUUID(), AlertType.RATE_CHANGED, "US",
                List.of(partner), "*", AlertKind.HIKE, Stage.ENACTED, BigDecimal.TEN);
        // outside any transaction, as the consumers read them
        return held.current().matching(change).stream().anyMatch(a -> a.id().equals(id));
    }

    private void write(String sql, UUID id) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, id);
            assertEquals(1, statement.executeUpdate());
        }
    }
}
