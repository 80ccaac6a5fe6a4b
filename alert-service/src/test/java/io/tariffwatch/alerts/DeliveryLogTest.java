package io.tariffwatch.alerts;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.events.Json;
import io.tariffwatch.testing.LocalInfraTestResource;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The delivery log of a subscription with many alerts: pages of alerts, newest first, by next links. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class DeliveryLogTest {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Inject
    AlertService alerts;

    @Test
    void aLongLogIsReadPageByPageWithEveryAlertOnce() throws Exception {
        JsonPath s = DeliveryTest.subscribe("""
                {"channel":"email","target":"log-reader@example.com","filters":{"partners":["ZW"]}}""");
        UUID id = UUID.fromString(s.getString("id"));
        int count = 2_500;
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < count; i++) {
                alerts.enqueue(id, "log-" + i, AlertType.RATE_CHANGED, "{\"n\":" + i + "}");
            }
        });

        Set<String> seen = new LinkedHashSet<>();
        String next = "/api/v1/subscriptions/" + id + "/deliveries?limit=1000";
        int pages = 0;
        while (next != null) {
            // the link is already encoded, as a client following it takes it
            Response page = given().urlEncodingEnabled(false).header("Authorization", "Bearer " + s.getString("token"))
                    .get(next);
            assertEquals(200, page.statusCode(), page.asString());
            JsonNode entries = Json.mapper().readTree(page.asString());
            Set<String> alertsOnPage = new LinkedHashSet<>();
            entries.forEach(e -> alertsOnPage.add(e.get("alertId").asText()));
            assertTrue(alertsOnPage.size() <= 1000, "a page holds at most limit alerts");
            alertsOnPage.forEach(a -> assertTrue(seen.add(a), "alert " + a + " on two pages"));
            String link = page.header("Link");
            Matcher m = link == null ? null : NEXT.matcher(link);
            next = m != null && m.find() ? m.group(1) : null;
            pages++;
        }
        // the confirmation e-mail is an alert of the subscription too
        assertEquals(count + 1, seen.size());
        assertEquals(3, pages);

        Response first = given().header("Authorization", "Bearer " + s.getString("token"))
                .get("/api/v1/subscriptions/" + id + "/deliveries");
        assertEquals(100, first.jsonPath().getList("alertId").stream().distinct().count(), "100 alerts by default");
        for (String bad : new String[] {"limit=0", "limit=1001", "limit=ten", "after=yesterday"}) {
            given().header("Authorization", "Bearer " + s.getString("token"))
                    .get("/api/v1/subscriptions/" + id + "/deliveries?" + bad).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().get("/api/v1/subscriptions/" + id + "/deliveries").then().statusCode(401);
        // its thousands of alerts would otherwise keep the other tests' worker busy
        given().header("Authorization", "Bearer " + s.getString("token")).delete("/api/v1/subscriptions/" + id)
                .then().statusCode(204);
    }
}
