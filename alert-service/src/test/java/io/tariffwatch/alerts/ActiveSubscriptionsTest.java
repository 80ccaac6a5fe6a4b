package io.tariffwatch.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.matching.AlertKind;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.alerts.subscriptions.ActiveSubscriptions;
import io.tariffwatch.events.Stage;
import io.tariffwatch.testing.LocalInfraTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The in-memory subscriptions follow what any instance writes to the table — new, changed, disabled, deleted — and
 * a change committed by a transaction that was under way when they were last read is not missed.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class ActiveSubscriptionsTest {
    @Inject
    ActiveSubscriptions subscriptions;

    @Inject
    DataSource database;

    @Test
    void followsWhatAnyInstanceWritesIncludingATransactionUnderWayAtTheLastRead() throws Exception {
        UUID id = UUID.fromString(DeliveryTest.subscribe(
                "{\"channel\":\"webhook\",\"target\":\"http://127.0.0.1:9/hooks\",\"filters\":{\"partners\":[\"PW\"]}}")
                .getString("id"));
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

        // deleted by another instance: no row is left to read, the table's size tells it
        write("delete from subscription where id = ?", id);
        assertFalse(takes(id, "FM"), "a deleted subscription");
    }

    /** Whether the subscription takes a rate change on {@code partner}, as matching sees it now. */
    private boolean takes(UUID id, String partner) {
        AlertSource change = new AlertSource("change-" + UUID.randomUUID(), AlertType.RATE_CHANGED, "US",
                List.of(partner), "*", AlertKind.HIKE, Stage.ENACTED, BigDecimal.TEN);
        // outside any transaction, as the consumers read them
        return subscriptions.current().matching(change).stream().anyMatch(a -> a.id().equals(id));
    }

    private void write(String sql, UUID id) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, id);
            assertEquals(1, statement.executeUpdate());
        }
    }
}
