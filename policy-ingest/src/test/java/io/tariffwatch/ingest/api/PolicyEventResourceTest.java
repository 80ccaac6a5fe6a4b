package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** REST intake against a real PostgreSQL and a real Kafka broker. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class PolicyEventResourceTest {
    static final String KEY = "Bearer test-publisher-key";

    static String event(String id, int rate) {
        return """
                {"id":"%s","kind":"HIKE","imposer":"US","targets":["CN"],
                 "measure":{"id":"US-IEEPA-RECIPROCAL"},"rate":%d,"effectiveFrom":"2025-04-10T00:01:00-04:00",
                 "products":{"include":["*"],"exclude":["8517.13"]}}""".formatted(id, rate);
    }

    @Test
    void acceptsRepeatsAndRefusesAConflictingReuseOfAnId() {
        int sequence = given().header("Authorization", KEY).contentType(ContentType.JSON).body(event("rest-1", 125))
                .post("/api/v1/policy-events").then().statusCode(202).contentType(ContentType.JSON)
                .body("id", equalTo("rest-1"))
                .body("stage", equalTo("ENACTED"))
                .body("products.exclude", hasItem("851713"))
                .extract().path("sequence");
        given().header("Authorization", KEY).contentType(ContentType.JSON).body(event("rest-1", 125))
                .post("/api/v1/policy-events").then().statusCode(200).contentType(ContentType.JSON)
                .body("sequence", equalTo(sequence));
        given().header("Authorization", KEY).contentType(ContentType.JSON).body(event("rest-1", 100))
                .post("/api/v1/policy-events").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
    }

    @Test
    void publishesAcceptedEventsOnPolicyEventsKeyedByImposerWithCloudEventsHeaders() throws Exception {
        given().header("Authorization", KEY).contentType(ContentType.JSON).body(event("rest-published", 50))
                .post("/api/v1/policy-events").then().statusCode(202);
        List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll(Topics.POLICY_EVENTS, Duration.ofSeconds(30),
                list -> list.stream().anyMatch(r -> r.value().contains("\"rest-published\"")));
        ConsumerRecord<String, String> record = records.stream()
                .filter(r -> r.value().contains("\"rest-published\"")).findFirst().orElseThrow();
        assertEquals("US", record.key());
        assertEquals("1.0", KafkaTestClient.header(record, "ce_specversion"));
        assertEquals("rest-published", KafkaTestClient.header(record, "ce_id"));
        assertEquals("tariffwatch.policy.hike", KafkaTestClient.header(record, "ce_type"));
        assertEquals("/tariffwatch/policy-ingest", KafkaTestClient.header(record, "ce_source"));
        JsonNode published = Json.mapper().readTree(record.value());
        assertEquals("rest-published", published.get("id").asText());
        assertTrue(published.get("sequence").canConvertToLong() && published.get("sequence").longValue() > 0, record.value());
        assertTrue(published.hasNonNull("recordedAt"), record.value());
    }

    @Test
    void withoutAValidKeyIs401() {
        given().contentType(ContentType.JSON).body(event("no-key", 1)).post("/api/v1/policy-events")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(event("bad-key", 1))
                .post("/api/v1/policy-events").then().statusCode(401);
    }

    @Test
    void namesEveryBadFieldWithAPointerTheRuleAndTheValue() {
        given().header("Authorization", KEY).contentType(ContentType.JSON)
                .body("""
                        {"id":"bad one","kind":"HIKE","imposer":"XX","targets":["CN","ZZ"],"measure":{"id":"M"},
                         "rate":1500,"effectiveFrom":"2025-05-01T00:00:00Z","effectiveUntil":"2025-04-01T00:00:00Z"}""")
                .post("/api/v1/policy-events").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItems("/id", "/imposer", "/targets/1", "/rate", "/effectiveUntil"))
                .body("errors.find { it.pointer == '/rate' }.rule", equalTo("range"))
                .body("errors.find { it.pointer == '/targets/1' }.value", equalTo("ZZ"));
    }

    @Test
    void invalidJsonIs400AndAWrongContentTypeIs415() {
        given().header("Authorization", KEY).contentType(ContentType.JSON).body("{\"id\": ")
                .post("/api/v1/policy-events").then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("the body is not valid JSON"));
        given().header("Authorization", KEY).contentType(ContentType.TEXT).body(event("text", 1))
                .post("/api/v1/policy-events").then().statusCode(415);
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String big = "{\"id\":\"big\",\"summary\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        given().header("Authorization", KEY).contentType(ContentType.JSON).body(big)
                .post("/api/v1/policy-events").then().statusCode(413);
    }

    @Test
    void aBatchIsAllOrNothing() {
        String batch = "[" + event("batch-ok", 10) + "," + event("batch-bad", 2000) + "]";
        given().header("Authorization", KEY).contentType(ContentType.JSON).body(batch)
                .post("/api/v1/policy-events/batch").then().statusCode(422)
                .body("errors.pointer", hasItem("/1/rate"));
        given().header("Authorization", KEY).get("/api/v1/policy-events/batch-ok").then().statusCode(404);
        given().header("Authorization", KEY).contentType(ContentType.JSON)
                .body("[" + event("batch-a", 10) + "," + event("batch-b", 20) + "]")
                .post("/api/v1/policy-events/batch").then().statusCode(202).body("id", hasItems("batch-a", "batch-b"));
        given().header("Authorization", KEY).get("/api/v1/policy-events/batch-b").then().statusCode(200)
                .body("rate", equalTo(20));
    }

    @Test
    void aBatchNamingAnIdTwiceIsARepeatWithTheSameContentAndAConflictWithOther() {
        given().header("Authorization", KEY).contentType(ContentType.JSON)
                .body("[" + event("twice-same", 10) + "," + event("twice-same", 10) + "]")
                .post("/api/v1/policy-events/batch").then().statusCode(202).contentType(ContentType.JSON)
                .body("id", equalTo(List.of("twice-same", "twice-same")))
                .body("sequence[0]", equalTo(given().header("Authorization", KEY).get("/api/v1/policy-events/twice-same")
                        .then().extract().path("sequence")));
        given().header("Authorization", KEY).contentType(ContentType.JSON)
                .body("[" + event("twice-other", 10) + "," + event("twice-other", 20) + "]")
                .post("/api/v1/policy-events/batch").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("twice-other"));
        given().header("Authorization", KEY).get("/api/v1/policy-events/twice-other").then().statusCode(404);
    }

    @Test
    void aGarbageRecordOnTheInboundTopicIsRejectedAndTheNextGoodOneAccepted() throws Exception {
        KafkaTestClient.send(Topics.POLICY_EVENTS_INBOUND, "feed-1", "this is not JSON {");
        KafkaTestClient.send(Topics.POLICY_EVENTS_INBOUND, "feed-1", event("kafka-good", 30));
        List<ConsumerRecord<String, String>> rejected = KafkaTestClient.readAll(Topics.POLICY_EVENTS_REJECTED,
                Duration.ofSeconds(30), list -> list.stream().anyMatch(r -> r.value().contains("this is not JSON")));
        ConsumerRecord<String, String> r = rejected.stream().filter(x -> x.value().contains("this is not JSON"))
                .findFirst().orElseThrow();
        assertEquals("feed-1", r.key());
        assertEquals("tariffwatch.policy.rejected", KafkaTestClient.header(r, "ce_type"));
        JsonNode rejection = Json.mapper().readTree(r.value());
        assertTrue(rejection.get("errors").isArray() && !rejection.get("errors").isEmpty(), r.value());
        List<ConsumerRecord<String, String>> accepted = KafkaTestClient.readAll(Topics.POLICY_EVENTS,
                Duration.ofSeconds(30), list -> list.stream().anyMatch(x -> x.value().contains("\"kafka-good\"")));
        assertTrue(ids(accepted).contains("kafka-good"), accepted.toString());
    }

    @Test
    void aRejectedRecordWithAHostileKeyOrBytesIsRejectedAndTheConsumerGoesOn() throws Exception {
        String longKey = "k".repeat(10_000);
        KafkaTestClient.send(Topics.POLICY_EVENTS_INBOUND, longKey, "hostile-1 {");
        KafkaTestClient.send(Topics.POLICY_EVENTS_INBOUND, "nul\u0000key", "hostile-2 \u0000 {".getBytes(StandardCharsets.UTF_8),
                java.util.Map.of());
        KafkaTestClient.send(Topics.POLICY_EVENTS_INBOUND, "feed-2", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41},
                java.util.Map.of());
        KafkaTestClient.send(Topics.POLICY_EVENTS_INBOUND, "feed-2", event("kafka-after-hostile", 30));
        List<ConsumerRecord<String, String>> accepted = KafkaTestClient.readAll(Topics.POLICY_EVENTS,
                Duration.ofSeconds(60), list -> list.stream().anyMatch(x -> x.value().contains("\"kafka-after-hostile\"")));
        assertTrue(ids(accepted).contains("kafka-after-hostile"), "the intake went on");
        List<ConsumerRecord<String, String>> rejected = KafkaTestClient.readAll(Topics.POLICY_EVENTS_REJECTED,
                Duration.ofSeconds(30), list -> list.stream().filter(r -> r.value().contains("hostile-")).count() >= 2);
        ConsumerRecord<String, String> longOne = rejected.stream().filter(r -> r.value().contains("hostile-1")).findFirst().orElseThrow();
        assertTrue(longOne.key() == null || longOne.key().length() <= 200, "the key is bounded");
        ConsumerRecord<String, String> nulOne = rejected.stream().filter(r -> r.value().contains("hostile-2")).findFirst().orElseThrow();
        assertTrue(nulOne.key() == null || nulOne.key().indexOf(0) < 0, "no NUL reaches the database or the topic");
    }

    @Test
    void aPollOfManyRecordsIsRecordedTogetherInOrderAndEachRecordAnsweredByItself() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        List<String> valid = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String body;
            if (i % 10 == 3) {
                body = event("poll-" + i, 10).replace("\"HIKE\"", "\"NOPE\""); // invalid: rejected
            } else if (i == 150) {
                body = event("poll-140", 99); // an earlier record's id with other content: a conflict
            } else {
                body = event("poll-" + i, 10);
                valid.add("poll-" + i);
            }
            records.add(new ProducerRecord<>(Topics.POLICY_EVENTS_INBOUND, "feed-poll".getBytes(StandardCharsets.UTF_8),
                    body.getBytes(StandardCharsets.UTF_8)));
        }
        KafkaTestClient.send(LocalInfraTestResource.infra().kafkaBootstrapServers(), Topics.POLICY_EVENTS_INBOUND,
                records, java.util.Map.of());

        List<ConsumerRecord<String, String>> published = KafkaTestClient.readAll(Topics.POLICY_EVENTS,
                Duration.ofSeconds(60), list -> ids(list).containsAll(valid));
        List<JsonNode> ours = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : published) {
            JsonNode e = Json.mapper().readTree(r.value());
            if (e.path("id").asText().startsWith("poll-")) {
                ours.add(e);
            }
        }
        ours.sort(java.util.Comparator.comparingLong(e -> e.get("sequence").longValue()));
        assertEquals(valid, ours.stream().map(e -> e.get("id").asText()).toList(),
                "every valid record published once, in the order of the records");

        List<ConsumerRecord<String, String>> rejected = KafkaTestClient.readAll(Topics.POLICY_EVENTS_REJECTED,
                Duration.ofSeconds(30), list -> list.stream().filter(r -> "feed-poll".equals(r.key())).count() >= 21)
                .stream().filter(r -> "feed-poll".equals(r.key())).toList();
        assertEquals(21, rejected.size(), "20 invalid records and one conflict, each rejected once");
        assertEquals(21, rejected.stream().map(r -> KafkaTestClient.header(r, "ce_id")).distinct().count());
        List<Integer> statuses = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : rejected) {
            statuses.add(Json.mapper().readTree(r.value()).at("/errors/0/status").intValue());
        }
        assertEquals(20, statuses.stream().filter(st -> st == 422).count(), statuses.toString());
        assertEquals(1, statuses.stream().filter(st -> st == 409).count(), statuses.toString());
    }

    /** The ids of published policy events. */
    private static List<String> ids(List<ConsumerRecord<String, String>> records) {
        List<String> ids = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                ids.add(Json.mapper().readTree(r.value()).path("id").asText());
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON on " + r.topic() + ": " + r.value(), e);
            }
        }
        return ids;
    }
}
