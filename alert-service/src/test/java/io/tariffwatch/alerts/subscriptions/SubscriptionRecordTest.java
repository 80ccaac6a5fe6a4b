package io.tariffwatch.alerts.subscriptions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A new subscription is written in one statement of its own (not by the persistence context): what its creation
 * answered is what every later read of it answers, each filter and setting included. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class SubscriptionRecordTest {

    @Test
    void aWebhookSubscriptionReadsBackAsCreatedWithEveryFilterAndItsContact() {
        Map<String, Object> created = create("""
                {"channel":"webhook","target":"http://127.0.0.1:9/tariffs","contact":"ops@example.com",
                 "filters":{"imposers":["US"],"partners":["CN","MX"],"products":["8703.80","0101"],
                            "kinds":["HIKE","PAUSE_EXPIRED"],"minDelta":2.5,"minStage":"ANNOUNCED"}}""");
        assertEquals(Map.of("imposers", List.of("US"), "partners", List.of("CN", "MX"),
                "products", List.of("870380", "0101"), "kinds", List.of("HIKE", "PAUSE_EXPIRED"),
                "minDelta", 2.5f, "minStage", "ANNOUNCED"), created.get("filters"));
        assertEquals("ops@example.com", created.get("contact"));
        assertEquals(false, created.get("contactConfirmed"));

        assertReadsBackAsCreated(created);
    }

    @Test
    void anEmailSubscriptionReadsBackAsCreatedPendingItsConfirmation() {
        Map<String, Object> created = create("""
                {"channel":"email","target":"record-reader@example.com","digest":"daily",
                 "filters":{"partners":["NZ"]}}""");
        assertEquals("PENDING_CONFIRMATION", created.get("status"));
        assertEquals("daily", created.get("digest"));

        assertReadsBackAsCreated(created);
    }

    private static Map<String, Object> create(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/subscriptions")
                .then().statusCode(201).extract().jsonPath().getMap("");
    }

    /** The read answers what the creation did, but the token and the secret (shown once) and the time as stored. */
    private static void assertReadsBackAsCreated(Map<String, Object> created) {
        String token = (String) created.get("token");
        assertNotNull(token);
        Map<String, Object> read = given().header("Authorization", "Bearer " + token)
                .get("/api/v1/subscriptions/" + created.get("id")).then().statusCode(200).extract().jsonPath().getMap("");

        Map<String, Object> expected = new HashMap<>(created);
        expected.remove("token");
        expected.remove("secret");
        // the database keeps microseconds (rounded), in its own offset notation: the same instant to the microsecond
        long apart = ChronoUnit.NANOS.between(instant(expected.remove("createdAt")), instant(read.get("createdAt")));
        assertTrue(Math.abs(apart) <= 1_000, "created and read " + apart + " ns apart");
        Map<String, Object> actual = new HashMap<>(read);
        actual.remove("createdAt");
        assertEquals(expected, actual);
    }

    private static Instant instant(Object at) {
        return OffsetDateTime.parse((String) at).toInstant();
    }
}
