package io.tariffwatch.alerts.subscriptions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Webhook subscriptions created together are written together, each answered and stored as if alone; those that
 * ask for a consent e-mail are written alone. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class SubscriptionGroupCommitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CREATIONS = 60;

    @Test
    void concurrentWebhookCreationsAreGroupedAndEachReadsBackAsAnswered() throws Exception {
        double requestsBefore = metric("tariffwatch_subscriptions_group_requests_sum");
        double groupsBefore = metric("tariffwatch_subscriptions_group_requests_count");
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < CREATIONS; i++) {
                String body = "{\"channel\":\"webhook\",\"target\":\"http://127.0.0.1:9/hooks/" + i
                        + "\",\"filters\":{\"partners\":[\"TV\"],\"products\":[\"" + (1000 + i) + "\"]}}";
                answers.add(clients.submit(() -> given().contentType(ContentType.JSON).body(body)
                        .post("/api/v1/subscriptions")));
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < CREATIONS; i++) {
                Response r = answers.get(i).get();
                assertEquals(201, r.statusCode(), r.asString());
                JsonNode created = JSON.readTree(r.asString());
                ids.add(created.get("id").asText());
                assertTrue(created.get("secret").asText().startsWith("whsec_"), created.toString());
                JsonNode read = JSON.readTree(given().header("Authorization", "Bearer " + created.get("token").asText())
                        .get("/api/v1/subscriptions/" + created.get("id").asText()).then().statusCode(200)
                        .extract().asString());
                assertEquals("http://127.0.0.1:9/hooks/" + i, read.get("target").asText());
                assertEquals("ACTIVE", read.get("status").asText());
                assertEquals(JSON.readTree("[\"" + (1000 + i) + "\"]"), read.get("filters").get("products"));
                assertEquals(created.get("createdAt"), read.get("createdAt"), "as answered");
            }
            assertEquals(CREATIONS, ids.size(), "each its own subscription");
            assertEquals(CREATIONS, metric("tariffwatch_subscriptions_group_requests_sum") - requestsBefore,
                    "every creation was written by a group");
            double groups = metric("tariffwatch_subscriptions_group_requests_count") - groupsBefore;
            assertTrue(groups >= 1 && groups <= CREATIONS, "groups: " + groups);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void creationsThatAskForConsentAreWrittenAloneWithTheirConfirmation() throws Exception {
        double requestsBefore = metric("tariffwatch_subscriptions_group_requests_sum");
        JsonNode email = created("{\"channel\":\"email\",\"target\":\"grouped-not@example.com\","
                + "\"filters\":{\"partners\":[\"TV\"]}}");
        assertEquals("PENDING_CONFIRMATION", email.get("status").asText());
        JsonNode withContact = created("{\"channel\":\"webhook\",\"target\":\"http://127.0.0.1:9/hooks/contact\","
                + "\"contact\":\"ops-grouped-not@example.com\",\"filters\":{\"partners\":[\"TV\"]}}");
        assertEquals(false, withContact.get("contactConfirmed").asBoolean());
        assertEquals(0.0, metric("tariffwatch_subscriptions_group_requests_sum") - requestsBefore);
        for (JsonNode s : List.of(email, withContact)) {
            JsonNode log = JSON.readTree(given().header("Authorization", "Bearer " + s.get("token").asText())
                    .get("/api/v1/subscriptions/" + s.get("id").asText() + "/deliveries").then().statusCode(200)
                    .extract().asString());
            assertEquals(1, log.size(), "its confirmation e-mail is queued with it: " + log);
        }
    }

    private static JsonNode created(String body) throws Exception {
        return JSON.readTree(given().contentType(ContentType.JSON).body(body).post("/api/v1/subscriptions")
                .then().statusCode(201).extract().asString());
    }

    /** The sum of a Prometheus series on /q/metrics (all its tags). */
    private static double metric(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
