package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two rate-engine replicas on one database and one broker (README "Scaling"): both read every event and answer
 * alike; one leads. kill -9 of the leader in the middle of a burst, and again just before a pause ends: the
 * other takes the lead and emits what was due — every rate change and notice once.
 */
class RateEngineReplicasIT {
    private static final int EVENTS = 400;
    private static final String CAUGHT_UP = "policy-events caught up";
    /** Small polls, so that the burst is applied in many steps and the kill falls between them; notices 1 h and
     * 5 s before a transition. */
    private static final Map<String, String> ENV = Map.of("MP_MESSAGING_INCOMING_POLICY_EVENTS_MAX_POLL_RECORDS", "2",
            "TARIFFWATCH_RATES_NOTICE_LEADS", "1h,5s");

    @Test
    void twoReplicasAnswerAlikeAndEmitEverythingOnceWhenTheLeaderDies() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("rate-replicas")) {
            String kafka = system.infra.kafkaBootstrapServers();
            ServiceProcess first = system.service("rate-engine", "rates", ENV);
            ServiceProcess second = system.service("rate-engine", "rates", ENV);
            ServiceProcess leader = await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf(first, second), l -> l != null);

            // a burst through both, the leader killed in the middle of it
            RateEngineCrashIT.Burst burst = RateEngineCrashIT.Burst.of("replicas", EVENTS);
            // (the kill's moment is the broker's and the machine's: its second part comes after the kill for sure)
            int firstPart = EVENTS * 3 / 4;
            KafkaTestClient.send(kafka, Topics.POLICY_EVENTS, burst.records().subList(0, firstPart), Map.of());
            KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(60), l -> l.size() >= 20);
            leader.kill();
            int beforeTakeover = KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(2), l -> false).size();
            KafkaTestClient.send(kafka, Topics.POLICY_EVENTS, burst.records().subList(firstPart, EVENTS), Map.of());
            ServiceProcess survivor = leader == first ? second : first;
            await().atMost(Duration.ofSeconds(30)).until(() -> leading(survivor));
            List<ConsumerRecord<String, String>> changes = burst.awaitHeldOnce(kafka);
            int repeatedWhole = HeldRateChanges.repeatedWhole(changes);

            // the killed replica comes back as a follower, catches up, and answers as the leader does
            ServiceProcess back = system.service("rate-engine", "rates", ENV);
            assertFalse(leading(back), "the survivor keeps the lead");
            Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (String partner : burst.partners()) {
                String path = "/api/v1/rates/US/" + partner + "?at=" + asOf;
                JsonNode fromLeader = get(survivor, path);
                assertEquals(fromLeader, get(back, path), path);
                assertEquals(burst.expectedTotal().get(partner), fromLeader.get("additional").asDouble(), path);
            }
            System.out.printf("rate-engine replicas: %d rate changes before the takeover, %d records in all, "
                    + "%d repeated whole%n", beforeTakeover, changes.size(), repeatedWhole);

            // a pause that ends in 30 s; the leader killed 8 s before: the other sends the 5 s notice and the end
            Instant pauseEnds = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(30);
            KafkaTestClient.send(kafka, Topics.POLICY_EVENTS, List.of(
                    event("""
                            {"id":"ca-duty","kind":"HIKE","stage":"ENACTED","imposer":"CA","targets":["MX"],
                             "measure":{"id":"CA-STEEL"},"rate":30,"effectiveFrom":"2025-01-01T00:00:00Z",
                             "products":{"include":["*"]},"sequence":1001,"recordedAt":"2026-01-01T00:00:00Z"}"""),
                    event("""
                            {"id":"ca-pause","kind":"PAUSE","stage":"ENACTED","imposer":"CA","targets":["MX"],
                             "measure":{"id":"CA-STEEL"},"rate":10,"effectiveFrom":"%s","effectiveUntil":"%s",
                             "products":{"include":["*"]},"sequence":1002,"recordedAt":"2026-01-01T00:00:00Z"}"""
                            .formatted(pauseEnds.minus(Duration.ofHours(2)), pauseEnds))), Map.of());
            KafkaTestClient.readAll(kafka, Topics.RATE_CHANGES, Duration.ofSeconds(30), l -> canadaOnMexico(l).size() >= 2);
            ServiceProcess pauseLeader = leaderOf(survivor, back);
            await().atMost(Duration.ofSeconds(30)).until(() -> !Instant.now().isBefore(pauseEnds.minusSeconds(8)));
            assertTrue(Instant.now().isBefore(pauseEnds.minusSeconds(5)), "the kill must come before the 5 s notice");
            pauseLeader.kill();
            ServiceProcess heir = pauseLeader == survivor ? back : survivor;
            await().atMost(Duration.ofSeconds(60)).until(() -> canadaOnMexico(KafkaTestClient.readAll(kafka,
                    Topics.RATE_CHANGES, Duration.ofSeconds(2), l -> false)).size() >= 3);
            assertTrue(leading(heir));
            assertEquals(List.of("0→30", "30→10", "10→30"), canadaOnMexico(HeldRateChanges.settled(kafka)),
                    "the pause's end, once");
            List<ConsumerRecord<String, String>> notices = KafkaTestClient.readAll(kafka, Topics.NOTICES,
                    Duration.ofSeconds(5), l -> false).stream().filter(r -> "CA:MX".equals(r.key())).toList();
            HeldRateChanges.repeatedWhole(notices);
            Set<String> noticeIds = notices.stream().map(r -> HeldRateChanges.read(r.value()))
                    .filter(n -> OffsetDateTime.parse(n.get("at").asText()).toInstant().equals(pauseEnds))
                    .map(n -> n.get("id").asText()).collect(Collectors.toSet());
            assertEquals(2, noticeIds.size(), "one notice 1 h ahead (late: sent at once) and one 5 s ahead: " + notices);
            assertEquals(30, get(heir, "/api/v1/rates/CA/MX").get("additional").asInt());
        }
    }

    private static List<String> canadaOnMexico(List<ConsumerRecord<String, String>> rateChanges) {
        return HeldRateChanges.movesByPartner(rateChanges.stream().filter(r -> "CA:MX".equals(r.key())).toList())
                .getOrDefault("MX", List.of());
    }

    private static ProducerRecord<byte[], byte[]> event(String json) {
        return new ProducerRecord<>(Topics.POLICY_EVENTS, "CA".getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** The replica that says it leads, if exactly one does. */
    private static ServiceProcess leaderOf(ServiceProcess a, ServiceProcess b) throws IOException, InterruptedException {
        boolean aLeads = leading(a);
        boolean bLeads = leading(b);
        return aLeads == bLeads ? null : aLeads ? a : b;
    }

    private static boolean leading(ServiceProcess replica) throws IOException, InterruptedException {
        for (JsonNode check : get(replica, "/q/health/ready").get("checks")) {
            if (CAUGHT_UP.equals(check.get("name").asText())) {
                return check.at("/data/leading").asBoolean();
            }
        }
        throw new AssertionError(replica.name + " has no '" + CAUGHT_UP + "' check");
    }

    private static JsonNode get(ServiceProcess replica, String path) throws IOException, InterruptedException {
        return HeldRateChanges.read(SystemHttp.send("GET", replica.url(path), null, null).body());
    }
}
