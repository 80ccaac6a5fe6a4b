package io.tariffwatch.alerts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.util.ArrayList;
import java.util.List;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A slow receiver's backlog holds up neither another receiver's alerts nor their retries; a webhook backlog does
 * not hold e-mails back. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class DeliveryFairnessTest {
    @Inject
    AlertService alerts;

    @Test
    void aRetryWaitsNeitherBehindItsOwnBacklogNorBehindAnothers() throws Exception {
        try (TestReceiver slow = new TestReceiver(); TestReceiver failingOnce = new TestReceiver(500)) {
            slow.delayMillis = 200;
            failingOnce.delayMillis = 100;
            JsonPath otherSubscription = DeliveryTest.subscribeWebhook(slow.url(), "TV");
            JsonPath ownSubscription = DeliveryTest.subscribeWebhook(failingOnce.url(), "NR");
            UUID other = UUID.fromString(otherSubscription.getString("id"));
            UUID own = UUID.fromString(ownSubscription.getString("id"));
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 1_000; i++) {
                    alerts.enqueue(other, "other-" + i, AlertType.RATE_CHANGED, DeliveryTest.rateChange("BR", "TV", 0, i));
                    alerts.enqueue(own, "own-" + i, AlertType.RATE_CHANGED, DeliveryTest.rateChange("BR", "NR", 0, i));
                }
            });
            // its first request is answered 500; the retry, due 1 s later, goes out then: not after the 100 s
            // its own 1,000 alerts take one at a time, nor after the other receiver's 200 s
            await().atMost(Duration.ofSeconds(30)).until(() -> failingOnce.requests.size() >= 2);
            TestReceiver.Request failed = failingOnce.requests.get(0);
            assertEquals(500, failed.answered());
            String id = failed.headers().get("webhook-id");
            await().atMost(Duration.ofSeconds(15)).until(() -> failingOnce.requests.stream()
                    .filter(r -> r.headers().get("webhook-id").equals(id)).count() == 2);
            TestReceiver.Request retried = failingOnce.requests.stream()
                    .filter(r -> r.headers().get("webhook-id").equals(id)).skip(1).findFirst().orElseThrow();
            assertEquals(200, retried.answered());
            long after = retried.atMillis() - failed.atMillis();
            assertTrue(after < 10_000, "the retry went out " + after + " ms after the failure");
            assertTrue(failingOnce.requests.size() < 500 && slow.requests.size() < 500, "both backlogs still wait");
            // their backlogs would otherwise keep the other tests' worker busy
            for (JsonPath s : List.of(otherSubscription, ownSubscription)) {
                given().header("Authorization", "Bearer " + s.getString("token"))
                        .delete("/api/v1/subscriptions/" + s.getString("id")).then().statusCode(204);
            }
        }
    }

    @Test
    void anEmailIsSentWhileABacklogOfWebhooksDueBeforeItWaits() throws Exception {
        try (TestReceiver busy = new TestReceiver()) {
            // the first e-mail of a run pays for the mail path's start (templates, mail client, a first SMTP
            // connection): about a second on an idle machine, more than the attempt's 2 s deadline on a loaded one.
            // Not what this measures, so one goes out before the backlog.
            confirmationMailed();
            List<JsonPath> hooks = new ArrayList<>();
            for (int s = 0; s < 64; s++) {
                hooks.add(DeliveryTest.subscribeWebhook(busy.url(), "TV"));
            }
            QuarkusTransaction.requiringNew().run(() -> {
                for (JsonPath hook : hooks) {
                    UUID id = UUID.fromString(hook.getString("id"));
                    for (int i = 0; i < 150; i++) {
                        alerts.enqueue(id, "backlog-" + i, AlertType.RATE_CHANGED, DeliveryTest.rateChange("BR", "TV", 0, i));
                    }
                }
            });
            // 9,600 webhooks due first to a receiver that answers at once: many seconds of them
            await().atMost(Duration.ofSeconds(10)).until(() -> busy.requests.size() >= 16);
            Mailed behind = confirmationMailed();
            assertTrue(behind.tookMillis() < 5_000, "the confirmation e-mail came " + behind.tookMillis()
                    + " ms after it was queued; its attempts: " + behind.attempts());
            assertTrue(busy.requests.size() < 6_000, "the webhook backlog still waits: " + busy.requests.size());
            for (JsonPath s : hooks) {
                given().header("Authorization", "Bearer " + s.getString("token"))
                        .delete("/api/v1/subscriptions/" + s.getString("id")).then().statusCode(204);
            }
        }
    }

    /** A confirmation e-mail: how long after its subscription was created it reached the SMTP server, and the
     * attempts its delivery log shows (to tell a slow attempt from a retried one). */
    private record Mailed(long tookMillis, List<Object> attempts) {
    }

    private static Mailed confirmationMailed() {
        String address = "behind-the-backlog-" + UUID.randomUUID() + "@example.com";
        JsonPath subscription = DeliveryTest.subscribe("{\"channel\":\"email\",\"target\":\"" + address + "\"}");
        long queued = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> !DeliveryTest.mails(address).isEmpty());
        long tookMillis = (System.nanoTime() - queued) / 1_000_000;
        List<Object> attempts = given().header("Authorization", "Bearer " + subscription.getString("token"))
                .get("/api/v1/subscriptions/" + subscription.getString("id") + "/deliveries").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return new Mailed(tookMillis, attempts);
    }
}
