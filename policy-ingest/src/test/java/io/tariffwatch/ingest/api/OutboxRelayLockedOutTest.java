package io.tariffwatch.ingest.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Topics;
import io.tariffwatch.support.outbox.Outbox;
import io.tariffwatch.support.outbox.OutboxRelay;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Records committed while another instance relays: that instance's run may have read its last batch before they
 * were committed, so the wake-up that finds the relay's lock taken tries again shortly, and publishes them once the
 * lock is free — here with the poll an hour apart, so nothing but those retries can publish them. The other instance
 * is a connection holding the relay's advisory lock.
 */
@QuarkusTest
@TestProfile(OutboxRelayLockedOutTest.PollAnHourApart.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class OutboxRelayLockedOutTest {
    private static final int RECORDS = 5;

    /** The relay's safety-net poll out of the way. */
    public static class PollAnHourApart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tariffwatch.outbox.poll-interval", "1h");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry meters;

    @Test
    void recordsCommittedWhileAnotherInstanceRelaysArePublishedOnceItsLockIsFree() throws Exception {
        String batch = "locked-out-" + UUID.randomUUID() + "-";
        double lockedOutBefore = lockedOutRuns();
        try (Connection otherInstance = otherSession()) {
            try (PreparedStatement lock = otherInstance.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, OutboxRelay.RELAY_LOCK);
                lock.execute();
            }
            List<PolicyEvent> events = IntStream.range(0, RECORDS)
                    .mapToObj(i -> OutboxRelayTest.event(batch, 0, i)).toList();
            QuarkusTransaction.requiringNew().run(() -> outbox.addAll(events));
            await().atMost(Duration.ofSeconds(30)).until(() -> lockedOutRuns() > lockedOutBefore);
        } // the other instance's session ends: its lock with it

        List<String> published = OutboxRelayTest.ids(KafkaTestClient.readAll(Topics.POLICY_EVENTS,
                Duration.ofSeconds(60), records -> OutboxRelayTest.ids(records, batch).size() >= RECORDS), batch);
        assertEquals(IntStream.range(0, RECORDS).mapToObj(i -> batch + "0-" + i).toList(), published,
                "each record published once, in order, without a poll");
    }

    private double lockedOutRuns() {
        return OutboxRelayTest.count(meters, "tariffwatch.outbox.relayed.elsewhere");
    }

    /** A session of its own on the service's database, as another instance (or a slow transaction) would hold. */
    static Connection otherSession() throws SQLException {
        return DriverManager.getConnection(setting("quarkus.datasource.jdbc.url"), setting("quarkus.datasource.username"),
                setting("quarkus.datasource.password"));
    }

    private static String setting(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
