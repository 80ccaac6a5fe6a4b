package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Topics;
import io.tariffwatch.support.outbox.Outbox;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A record the broker refuses for good is parked, the relay moves on, and an operator retries or drops it. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class OutboxParkingTest {
    private static final String ADMIN = "Bearer test-admin-key";

    @Inject
    Outbox outbox;

    private static Map<String, Object> outboxReadiness() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        return health.getMap("checks.find { it.name == 'outbox' }.data");
    }

    private static List<Map<String, Object>> parked() {
        return given().header("Authorization", ADMIN).get("/api/v1/admin/outbox/parked").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    private static Map<String, Object> parkedRecord(String ceId) {
        return parked().stream().filter(r -> ceId.equals(r.get("ceId"))).findFirst().orElse(null);
    }

    @Test
    void aRecordOverTheBrokersLimitIsParkedAndDoesNotHoldBackTheRecordsAfterIt() {
        String tooLarge = "too-large-" + UUID.randomUUID();
        // 2 MB: over the producer's and the broker's 1 MB limit
        PolicyEvent huge = Json.mapper().convertValue(Map.of("id", tooLarge, "kind", "HIKE", "imposer", "ZZ",
                "headline", "x".repeat(2 * 1024 * 1024)), PolicyEvent.class);
        QuarkusTransaction.requiringNew().run(() -> outbox.add(huge));
        String after = "after-parked-" + UUID.randomUUID();
        given().header("Authorization", "Bearer test-publisher-key").contentType("application/json")
                .body(PolicyEventResourceTest.event(after, 7)).post("/api/v1/policy-events").then().statusCode(202);

        KafkaTestClient.readAll(Topics.POLICY_EVENTS, Duration.ofSeconds(60),
                records -> records.stream().anyMatch(r -> r.value().contains("\"" + after + "\"")));
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedRecord(tooLarge) != null);
        Map<String, Object> record = parkedRecord(tooLarge);
        assertTrue(String.valueOf(record.get("reason")).startsWith("RecordTooLargeException"), record.toString());
        assertEquals(Topics.POLICY_EVENTS, record.get("topic"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEGRADED".equals(outboxReadiness().get("state")));
        assertTrue(((Number) outboxReadiness().get("parked")).intValue() >= 1);
        assertEquals("UP", given().get("/q/health/ready").then().extract().path("status"), "parked records do not take the service out");

        given().get("/api/v1/admin/outbox/parked").then().statusCode(401);
        given().header("Authorization", "Bearer test-publisher-key").get("/api/v1/admin/outbox/parked").then().statusCode(403);

        // a retry sends it again with the next batch; the broker refuses it again, so it is parked again
        long id = ((Number) record.get("id")).longValue();
        String firstParkedAt = String.valueOf(record.get("parkedAt"));
        given().header("Authorization", ADMIN).post("/api/v1/admin/outbox/parked/" + id + "/retry").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> again = parkedRecord(tooLarge);
            return again != null && !firstParkedAt.equals(String.valueOf(again.get("parkedAt")));
        });

        given().header("Authorization", ADMIN).delete("/api/v1/admin/outbox/parked/" + id).then().statusCode(204);
        assertEquals(null, parkedRecord(tooLarge));
        given().header("Authorization", ADMIN).delete("/api/v1/admin/outbox/parked/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        await().atMost(Duration.ofSeconds(10)).until(() -> "OK".equals(outboxReadiness().get("state")));
    }
}
