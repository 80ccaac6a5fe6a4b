package io.tariffwatch.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.matching.AlertKind;
import io.tariffwatch.alerts.matching.AlertSource;
import io.tariffwatch.events.Stage;
import io.tariffwatch.testing.LocalInfraTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A source matching more subscriptions than one commit takes (3 in tests) gives each one alert, delivered once,
 * also when its poll is taken again (as after a failure or a crash between two parts). */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class AlertPartsTest {
    @Inject
    AlertService alerts;

    @Test
    void aSourceForMoreSubscriptionsThanOneCommitTakesGivesEachOneAlertOnce() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            for (int i = 0; i < 7; i++) {
                DeliveryTest.subscribeWebhook(receiver.url(), "NU");
            }
            String change = DeliveryTest.rateChange("BR", "NU", 0, 10);
            AlertSource source = new AlertSource("parts-" + UUID.randomUUID(), AlertType.RATE_CHANGED, "BR",
                    List.of("NU"), "*", AlertKind.HIKE, Stage.ENACTED, BigDecimal.TEN);
            List<AlertService.Sourced> poll = List.of(new AlertService.Sourced(source, change));

            assertEquals(7, alerts.record(alerts.subscribed(), poll), "seven alerts in three parts");
            assertEquals(0, alerts.record(alerts.subscribed(), poll), "the poll taken again: every part is a repeat");

            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests.size() >= 7);
            Set<String> ids = receiver.requests.stream().map(r -> r.headers().get("webhook-id")).collect(Collectors.toSet());
            assertEquals(7, ids.size(), "one alert per subscription");
            // nothing sent twice
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests.size() == 7);
        }
    }
}
