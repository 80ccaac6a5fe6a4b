package io.tariffwatch.rates.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import com.fasterxml.jackson.databind.JsonNode;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Topics;
import io.tariffwatch.rates.messaging.PolicyEventLog;
import io.tariffwatch.rates.persistence.AppliedEvent;
import jakarta.inject.Inject;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The engine behind Kafka and PostgreSQL: events in on policy.events, rates out by API and rate changes. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "rates"))
class RateEngineTest {
    private static final AtomicLong SEQUENCE = new AtomicLong(1000);

    static String recorded(String id, String kind, String imposer, String partner, String measure, String rateField,
                           String from, String until) {
        return """
                {"id":"%s","kind":"%s","stage":"ENACTED","imposer":"%s","targets":["%s"],"measure":{"id":"%s"},
                 %s"effectiveFrom":"%s",%s"headline":"%s","sequence":%d,"recordedAt":"%s"}"""
                .formatted(id, kind, imposer, partner, measure, rateField, from,
                        until == null ? "" : "\"effectiveUntil\":\"" + until + "\",", id, SEQUENCE.incrementAndGet(),
                        Instant.now());
    }

    static List<ConsumerRecord<String, String>> rateChanges(String partnerKey, int atLeast) {
        return KafkaTestClient.readAll(Topics.RATE_CHANGES, Duration.ofSeconds(30),
                l -> l.stream().filter(r -> partnerKey.equals(r.key())).count() >= atLeast)
                .stream().filter(r -> partnerKey.equals(r.key())).toList();
    }

    /** The pair's rate changes on the topic now. */
    static List<ConsumerRecord<String, String>> rateChangesNow(String partnerKey) {
        return KafkaTestClient.readAll(Topics.RATE_CHANGES, Duration.ofSeconds(2), l -> false).stream()
                .filter(r -> partnerKey.equals(r.key())).toList();
    }

    /** How many rate changes the pair has once no more arrive (the relay publishes in batches). */
    static int settledRateChanges(String partnerKey) {
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            int now = KafkaTestClient.readAll(Topics.RATE_CHANGES, Duration.ofSeconds(2), l -> false).stream()
                    .filter(r -> partnerKey.equals(r.key())).toList().size();
            return now > 0 && now == last.getAndSet(now);
        });
        return last.get();
    }

    @Test
    void appliesHikesAnswersTheRateAndEmitsOneRateChangePerStep() throws Exception {
        KafkaTestClient.send(Topics.POLICY_EVENTS, "BR", recorded("br-1", "HIKE", "BR", "AR", "BR-M", "\"rate\":20,",
                "2025-03-04T00:01:00-05:00", null));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "BR", recorded("br-2", "HIKE", "BR", "AR", "BR-R", "\"rate\":125,",
                "2025-04-10T00:01:00-04:00", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/rates/BR/AR").then().statusCode(200).body("total", equalTo(145)));
        given().queryParam("at", "2025-04-01").get("/api/v1/rates/BR/AR").then().body("additional", equalTo(20))
                .body("causes", hasItem("br-1"));

        List<ConsumerRecord<String, String>> changes = rateChanges("BR:AR", 2);
        assertEquals(2, changes.size(), changes.toString());
        ConsumerRecord<String, String> step = changes.stream().filter(r -> r.value().contains("\"newRate\":145"))
                .findFirst().orElseThrow();
        JsonNode stepJson = Json.mapper().readTree(step.value());
        assertEquals(0, stepJson.get("previousRate").decimalValue().compareTo(java.math.BigDecimal.valueOf(20)), step.value());
        assertTrue(stepJson.get("retroactive").asBoolean(), step.value());
        assertEquals("br-2", stepJson.path("cause").path("eventId").asText(), step.value());
        assertEquals("tariffwatch.rate.changed", KafkaTestClient.header(step, "ce_type"));

        // a redelivered event changes nothing and emits nothing
        KafkaTestClient.send(Topics.POLICY_EVENTS, "BR", recorded("br-2", "HIKE", "BR", "AR", "BR-R", "\"rate\":125,",
                "2025-04-10T00:01:00-04:00", null));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "BR", recorded("br-3", "HIKE", "BR", "UY", "BR-M", "\"rate\":5,",
                "2025-04-10T00:01:00-04:00", null));
        rateChanges("BR:UY", 1); // processed after the redelivery, so the redelivery has been handled
        assertEquals(2, rateChanges("BR:AR", 2).size());
        given().get("/api/v1/rates/BR/AR").then().body("total", equalTo(145));
    }

    @Test
    void listsEveryPartnersTransitionsOfAWindowWithTheirCausesOldestFirst() throws Exception {
        String future = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS).toString();
        KafkaTestClient.send(Topics.POLICY_EVENTS, "EC", recorded("ec-py", "HIKE", "EC", "PY", "EC-M", "\"rate\":15,",
                "2025-03-01T00:00:00Z", null));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "EC", recorded("ec-gy", "HIKE", "EC", "GY", "EC-M", "\"rate\":8,",
                "2025-05-01T00:00:00Z", null));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "EC", recorded("ec-py-later", "HIKE", "EC", "PY", "EC-M",
                "\"rate\":40,", future, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/rates/EC/PY/schedule")
                .then().statusCode(200).body("size()", equalTo(1)));
        given().get("/api/v1/rates").then().statusCode(200).body("imposers", hasItem("EC"));

        JsonNode all = Json.mapper().readTree(given().queryParam("from", "2025-01-01").queryParam("to", "2030-01-01")
                .get("/api/v1/rates/EC/changes").then().statusCode(200).extract().asString());
        assertEquals(3, all.get("changes").size(), all.toString());
        assertFalse(all.get("truncated").asBoolean());
        JsonNode first = all.get("changes").get(0);
        assertEquals("PY", first.get("partner").asText());
        assertEquals(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse(first.get("at").asText()));
        assertEquals(0, first.get("previousRate").decimalValue().signum());
        assertEquals(15, first.get("delta").intValue());
        assertEquals("ec-py", first.at("/cause/eventId").asText());
        assertEquals("HIKE", first.at("/cause/kind").asText());
        assertEquals("EC-M", first.at("/cause/measureId").asText());
        assertTrue(first.get("retroactive").asBoolean(), "announced (recorded) after it took effect");
        assertEquals("GY", all.get("changes").get(1).get("partner").asText());
        JsonNode ahead = all.get("changes").get(2);
        assertEquals(40, ahead.get("newRate").intValue());
        assertFalse(ahead.get("retroactive").asBoolean());

        given().queryParam("from", "2025-01-01").queryParam("to", "2030-01-01").queryParam("partner", "GY")
                .get("/api/v1/rates/EC/changes").then().body("changes.size()", equalTo(1))
                .body("changes[0].newRate", equalTo(8));
        given().queryParam("from", "2025-01-01").queryParam("to", "2030-01-01").queryParam("limit", "2")
                .get("/api/v1/rates/EC/changes").then().body("changes.size()", equalTo(2))
                .body("truncated", equalTo(true));
    }

    @Test
    void aBatchIsOneStepAndAMoveItsLaterEventTookBackIsNeverAnnounced() throws Exception {
        // one poll: a hike to 30% and, later in the same poll, a cut of the same measure to 12% at the same instant
        List<PolicyEvent> poll = List.of(
                engine.parse(recorded("pt-hike", "HIKE", "PT", "MA", "PT-M", "\"rate\":30,", "2025-02-01T00:00:00Z", null)),
                engine.parse(recorded("pt-cut", "CUT", "PT", "MA", "PT-M", "\"rate\":12,", "2025-02-01T00:00:00Z", null)));
        assertEquals(2, engine.applyAll(poll));
        given().get("/api/v1/rates/PT/MA").then().statusCode(200).body("additional", equalTo(12));

        assertEquals(1, settledRateChanges("PT:MA"), "subscribers hear 0 → 12, never of the 30 taken back");
        JsonNode change = Json.mapper().readTree(rateChanges("PT:MA", 1).get(0).value());
        assertEquals(0, change.get("previousRate").decimalValue().signum());
        assertEquals(0, change.get("newRate").decimalValue().compareTo(java.math.BigDecimal.valueOf(12)));
        assertTrue(change.get("corrects") == null || change.get("corrects").isNull(), change.toString());
        assertEquals("pt-cut", change.at("/cause/eventId").asText());

        assertEquals(0, engine.applyAll(poll), "a redelivered poll changes nothing");
        assertEquals(1, settledRateChanges("PT:MA"));
    }

    @Test
    void thePauseEndIsEmittedAtItsInstantWithoutAnyEvent() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KafkaTestClient.send(Topics.POLICY_EVENTS, "IN", recorded("in-base", "HIKE", "IN", "KR", "IN-R", "\"rate\":26,",
                "2025-04-09T00:00:00Z", null));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "IN", recorded("in-pause", "PAUSE", "IN", "KR", "IN-R", "\"rate\":10,",
                "2025-04-10T00:00:00Z", now.plusSeconds(15).toString()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/rates/IN/KR").then().body("additional", equalTo(10)));
        given().get("/api/v1/rates/IN/KR/schedule").then().statusCode(200)
                .body("[0].causeKind", equalTo("PAUSE_EXPIRED")).body("[0].newRate", equalTo(26));

        List<ConsumerRecord<String, String>> changes = KafkaTestClient.readAll(Topics.RATE_CHANGES, Duration.ofSeconds(40),
                l -> l.stream().anyMatch(r -> r.value().contains("PAUSE_EXPIRED") && "IN:KR".equals(r.key())));
        ConsumerRecord<String, String> expired = changes.stream()
                .filter(r -> r.value().contains("PAUSE_EXPIRED") && "IN:KR".equals(r.key())).findFirst().orElseThrow();
        JsonNode expiredJson = Json.mapper().readTree(expired.value());
        assertEquals("PAUSE_EXPIRED", expiredJson.path("cause").path("kind").asText(), expired.value());
        assertEquals(10, expiredJson.get("previousRate").intValue(), expired.value());
        assertEquals(26, expiredJson.get("newRate").intValue(), expired.value());
        given().get("/api/v1/rates/IN/KR").then().body("additional", equalTo(26));

        // notices went out before: at once for the 1h lead (the window had begun), and 5 s before the end
        List<ConsumerRecord<String, String>> notices = KafkaTestClient.readAll(Topics.NOTICES, Duration.ofSeconds(10),
                l -> l.stream().filter(r -> "IN:KR".equals(r.key())).count() >= 2).stream()
                .filter(r -> "IN:KR".equals(r.key())).toList();
        assertEquals(2, notices.size(), notices.toString());
        for (ConsumerRecord<String, String> n : notices) {
            JsonNode notice = Json.mapper().readTree(n.value());
            assertEquals(10, notice.get("currentRate").intValue(), n.value());
            assertEquals(26, notice.get("upcomingRate").intValue(), n.value());
            assertEquals("PAUSE_EXPIRED", notice.path("cause").path("kind").asText(), n.value());
            assertEquals("tariffwatch.rate.upcoming", KafkaTestClient.header(n, "ce_type"));
        }
        assertNotEquals(KafkaTestClient.header(notices.get(0), "ce_id"), KafkaTestClient.header(notices.get(1), "ce_id"));
    }

    @Test
    void aRebuildFromPolicyEventsGivesTheSameRatesHistoryAndMeasuresAndEmitsNothingAgain() {
        KafkaTestClient.send(Topics.POLICY_EVENTS, "MX", recorded("mx-1", "HIKE", "MX", "CN", "MX-A", "\"rate\":25,",
                "2025-01-01T00:00:00Z", null));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "MX", recorded("mx-2", "PAUSE", "MX", "CN", "MX-A", "\"rate\":5,",
                "2025-03-01T00:00:00Z", "2025-06-01T00:00:00Z"));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "MX", recorded("mx-3", "HIKE", "MX", "CN", "MX-B", "\"rate\":10,",
                "2025-02-01T00:00:00Z", "2025-09-01T00:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().queryParam("at", "2025-02-15").get("/api/v1/rates/MX/CN").then().body("additional", equalTo(35)));
        int changesBefore = settledRateChanges("MX:CN");
        String rate = given().queryParam("at", "2025-04-01").get("/api/v1/rates/MX/CN").asString();
        String history = given().queryParam("from", "2024-12-01").queryParam("to", "2025-12-01")
                .get("/api/v1/rates/MX/CN/history").asString();
        String measures = given().queryParam("imposer", "MX").queryParam("partner", "CN").get("/api/v1/measures").asString();

        given().post("/api/v1/admin/rebuild").then().statusCode(401);
        given().header("Authorization", "Bearer test-admin-key").post("/api/v1/admin/rebuild").then().statusCode(200);

        assertEquals(rate, given().queryParam("at", "2025-04-01").get("/api/v1/rates/MX/CN").asString());
        assertEquals(history, given().queryParam("from", "2024-12-01").queryParam("to", "2025-12-01")
                .get("/api/v1/rates/MX/CN/history").asString());
        assertEquals(measures, given().queryParam("imposer", "MX").queryParam("partner", "CN")
                .get("/api/v1/measures").asString());
        KafkaTestClient.send(Topics.POLICY_EVENTS, "MX", recorded("mx-4", "HIKE", "MX", "JP", "MX-A", "\"rate\":1,",
                "2025-01-01T00:00:00Z", null));
        rateChanges("MX:JP", 1);
        assertEquals(changesBefore, rateChanges("MX:CN", changesBefore).size());
    }

    @Test
    void aLaterEventThatMovesAnAnnouncedTransitionPublishesItsCorrection() throws Exception {
        KafkaTestClient.send(Topics.POLICY_EVENTS, "CL", recorded("cl-1", "HIKE", "CL", "PE", "CL-A", "\"rate\":30,",
                "2025-05-01T00:00:00Z", null));
        KafkaTestClient.send(Topics.POLICY_EVENTS, "CL", recorded("cl-2", "HIKE", "CL", "PE", "CL-A", "\"rate\":44,",
                "2025-05-10T00:00:00Z", null));
        rateChanges("CL:PE", 2);
        KafkaTestClient.send(Topics.POLICY_EVENTS, "CL", recorded("cl-3", "HIKE", "CL", "PE", "CL-A", "\"rate\":20,",
                "2025-05-10T00:00:00Z", null));
        List<ConsumerRecord<String, String>> records = rateChanges("CL:PE", 3);
        assertEquals(3, settledRateChanges("CL:PE"), "one record per difference, nothing restated");
        var json = io.tariffwatch.events.Json.mapper();
        var announced = json.readTree(records.get(1).value());
        var correction = json.readTree(records.get(2).value());
        assertEquals("tariffwatch.rate.corrected", KafkaTestClient.header(records.get(2), "ce_type"));
        assertEquals(announced.get("id").asText(), correction.at("/corrects/rateChangeId").asText());
        assertEquals(44, correction.at("/corrects/newRate").asInt());
        assertEquals(30, correction.get("previousRate").asInt());
        assertEquals(20, correction.get("newRate").asInt());
        assertEquals("cl-3", correction.at("/cause/eventId").asText());
        assertTrue(correction.get("revision").asLong() > announced.get("revision").asLong());
    }

    @Inject
    RateEngine engine;

    @Inject
    PolicyEventLog policyEventLog;

    @Test
    void aRebuildThatFailsHalfwayLeavesTheOldStateWholeAndConsumptionGoesOn() {
        KafkaTestClient.send(Topics.POLICY_EVENTS, "SE", recorded("se-1", "HIKE", "SE", "NO", "SE-A", "\"rate\":12,",
                "2025-01-01T00:00:00Z", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/rates/SE/NO").then().statusCode(200).body("additional", equalTo(12)));
        String history = given().queryParam("from", "2024-12-01").queryParam("to", "2025-12-01")
                .get("/api/v1/rates/SE/NO/history").asString();
        long appliedBefore = QuarkusTransaction.requiringNew().call(() -> AppliedEvent.count());

        // the whole log, then an event the database refuses (no sequence) — as if the rebuild died there
        List<PolicyEvent> log = new ArrayList<>(policyEventLog.readAll());
        log.add(engine.parse(recorded("se-broken", "HIKE", "SE", "NO", "SE-B", "\"rate\":50,", "2025-01-01T00:00:00Z", null)
                .replaceAll("\"sequence\":\\d+,", "")));
        assertThrows(RuntimeException.class, () -> engine.rebuild(() -> log));

        long appliedAfter = QuarkusTransaction.requiringNew().call(() -> AppliedEvent.count());
        assertEquals(appliedBefore, appliedAfter, "the tables are as before");
        given().get("/api/v1/rates/SE/NO").then().body("additional", equalTo(12));
        assertEquals(history, given().queryParam("from", "2024-12-01").queryParam("to", "2025-12-01")
                .get("/api/v1/rates/SE/NO/history").asString(), "readers see the old book");
        KafkaTestClient.send(Topics.POLICY_EVENTS, "SE", recorded("se-2", "HIKE", "SE", "NO", "SE-C", "\"rate\":3,",
                "2025-01-01T00:00:00Z", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/rates/SE/NO").then().body("additional", equalTo(15)));
    }

    @Test
    void answersClearProblemsForBadParametersAndUnknownImposers() {
        given().get("/api/v1/rates/XX/CN").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("imposer"));
        given().get("/api/v1/rates/NZ/CN").then().statusCode(404);
        given().queryParam("hs", "85x").get("/api/v1/rates/BR/AR").then().statusCode(400)
                .body("errors[0].pointer", equalTo("hs"));
        given().queryParam("at", "yesterday").get("/api/v1/rates/BR/AR").then().statusCode(400)
                .body("errors[0].pointer", equalTo("at"));
        given().queryParam("at", "+999999999-12-31T23:59:59Z").get("/api/v1/rates/BR/AR").then().statusCode(400)
                .body("errors[0].pointer", equalTo("at"));
        given().queryParam("knownAt", "1066-10-14").get("/api/v1/rates/BR/AR").then().statusCode(400)
                .body("errors[0].pointer", equalTo("knownAt"));
    }
}
