package io.tariffwatch.rates.engine;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tariffwatch.events.Topics;
import io.tariffwatch.rates.persistence.AppliedEvent;
import io.tariffwatch.support.messaging.DeadLetters;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What the engine's consumer does with a record it can never process (dead-letter topic), with a
 * dead-letter topic that is missing (it waits), and with its database away (it follows, publishes
 * nothing until it leads again), losing nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "rates"))
class ConsumerFaultsTest {

    private static List<ConsumerRecord<String, String>> deadLetters(String marker, int atLeast, Duration within) {
        return KafkaTestClient.readAll(Topics.POLICY_EVENTS_DLQ_RATE_ENGINE, within,
                        l -> l.stream().filter(r -> r.value().contains(marker)).count() >= atLeast)
                .stream().filter(r -> r.value().contains(marker)).toList();
    }

    private static JsonPath readiness() {
        return given().get("/q/health/ready").then().extract().jsonPath();
    }

    private static boolean policyEventsWaiting() {
        JsonPath health = readiness();
        Map<String, Object> waiting = health.getMap("checks.find { it.name == 'consumers' }.data");
        return "DOWN".equals(health.getString("status")) && waiting != null && waiting.containsKey("policy-events");
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfraTestResource.infra().kafkaBootstrapServers());
        return Admin.create(p);
    }

    private static void hike(String id, String imposer, String partner, int rate) {
        KafkaTestClient.send(Topics.POLICY_EVENTS, imposer, RateEngineTest.recorded(id, "HIKE", imposer, partner,
                imposer + "-M", "\"rate\":" + rate + ",", "2025-03-04T00:01:00-05:00", null));
    }

    @Test
    void aRecordThatIsNotAPolicyEventGoesToTheDeadLetterTopicAndTheNextOneIsApplied() {
        KafkaTestClient.send(Topics.POLICY_EVENTS, "NO", "{\"not-an-event\":\"poison-1\"}");
        hike("no-1", "NO", "IS", 15);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/rates/NO/IS").then().statusCode(200).body("additional", equalTo(15)));
        ConsumerRecord<String, String> dead = deadLetters("poison-1", 1, Duration.ofSeconds(30)).get(0);
        assertEquals("NO", dead.key());
        assertTrue(KafkaTestClient.header(dead, DeadLetters.REASON).contains("recorded policy event"),
                KafkaTestClient.header(dead, DeadLetters.REASON));
        assertTrue(KafkaTestClient.header(dead, DeadLetters.ORIGIN).startsWith(Topics.POLICY_EVENTS + "-"));
    }

    @Test
    void withItsDeadLetterTopicMissingTheConsumerWaitsInsteadOfDyingAndLosesNothing() throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(Topics.POLICY_EVENTS_DLQ_RATE_ENGINE)).all().get();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        !admin.listTopics().names().get().contains(Topics.POLICY_EVENTS_DLQ_RATE_ENGINE));
                KafkaTestClient.send(Topics.POLICY_EVENTS, "DK", "{\"not-an-event\":\"poison-2\"}");
                hike("dk-1", "DK", "IS", 12);

                await().atMost(Duration.ofSeconds(90)).until(ConsumerFaultsTest::policyEventsWaiting);
                assertEquals(404, given().get("/api/v1/rates/DK/IS").statusCode(),
                        "the event after the waiting record is not applied before it");
            } finally {
                admin.createTopics(List.of(new NewTopic(Topics.POLICY_EVENTS_DLQ_RATE_ENGINE, 1, (short) 1))).all().get();
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    given().get("/api/v1/rates/DK/IS").then().statusCode(200).body("additional", equalTo(12)));
            assertTrue(deadLetters("poison-2", 1, Duration.ofSeconds(30)).size() >= 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(readiness().getString("status")));
        }
    }

    /**
     * Without its database a replica cannot lead: it follows, applying the topic to its book alone, so the rate
     * API answers the new event; once the database is back it leads again, records the event and publishes
     * its rate change — once, and the record is never dead-lettered.
     */
    @Test
    void aDatabaseOutageStopsPublishingNotReadingAndLosesNothing() throws Exception {
        LocalInfraTestResource.infra().stopPostgres();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !readiness().getBoolean(
                    "checks.find { it.name == 'policy-events caught up' }.data.leading"));
            hike("fi-1", "FI", "IS", 7);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().get("/api/v1/rates/FI/IS").then().statusCode(200).body("additional", equalTo(7)));
            assertEquals(List.of(), RateEngineTest.rateChangesNow("FI:IS"), "nothing is published without the lead");
        } finally {
            LocalInfraTestResource.infra().startPostgres();
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> readiness().getBoolean(
                "checks.find { it.name == 'policy-events caught up' }.data.leading"));
        assertEquals(1, RateEngineTest.settledRateChanges("FI:IS"), "the event heard while following is published once");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> AppliedEvent.known(List.of("fi-1"))).contains("fi-1"),
                "and recorded");
        await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(readiness().getString("status")));
        assertEquals(List.of(), deadLetters("\"fi-1\"", 1, Duration.ofSeconds(5)), "a valid record is never dead-lettered");
    }
}
