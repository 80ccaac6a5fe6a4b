package io.tariffwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The outbox of policy-ingest: two instances on one database publish each event once, in sequence order
 * as consumed, gap-free; with the broker away, events are still accepted and go out when it is back. */
class IngestOutboxIT {
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "outbox-it-key";
    private static final int EVENTS = 400;

    static int post(ServiceProcess ingest, String id) throws Exception {
        String event = """
                {"id":"%s","kind":"HIKE","imposer":"US","targets":["CN"],"measure":{"id":"US-M"},"rate":10,
                 "effectiveFrom":"2025-04-10T00:01:00-04:00"}""".formatted(id);
        return HTTP.send(HttpRequest.newBuilder(URI.create(ingest.url("/api/v1/policy-events")))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void twoInstancesPublishEachEventOnceAndABrokerOutageOnlyDelaysPublication() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("ingest-outbox")) {
            String kafka = system.infra.kafkaBootstrapServers();
            Map<String, String> env = Map.of("TARIFFWATCH_PUBLISHER_KEY", KEY);
            List<ServiceProcess> instances = List.of(system.service("policy-ingest", "ingest", env),
                    system.service("policy-ingest", "ingest", env));

            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                ServiceProcess target = instances.get(i % 2);
                String id = "outbox-" + i;
                answers.add(clients.submit(() -> post(target, id)));
            }
            for (Future<Integer> a : answers) {
                assertEquals(202, a.get());
            }
            clients.shutdown();

            KafkaTestClient.readAll(kafka, Topics.POLICY_EVENTS, Duration.ofSeconds(60), l -> l.size() >= EVENTS);
            List<ConsumerRecord<String, String>> records = HeldRateChanges.settled(kafka, Topics.POLICY_EVENTS);
            Map<String, Integer> copies = new HashMap<>();
            List<Long> sequences = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                JsonNode e = JSON.readTree(r.value());
                copies.merge(e.get("id").asText(), 1, Integer::sum);
                sequences.add(e.get("sequence").asLong());
            }
            assertEquals(EVENTS, copies.size());
            copies.forEach((id, n) -> assertEquals(1, n, id + " published " + n + " times"));
            // one imposer, so one partition: consumed in exactly sequence order, although both instances relay
            assertEquals(java.util.stream.LongStream.rangeClosed(1, EVENTS).boxed().toList(), sequences,
                    "sequences are gap-free and published in order");

            // the broker goes away: events are still accepted, and published once it is back
            system.infra.stopKafka();
            for (int i = 0; i < 5; i++) {
                assertEquals(202, post(instances.get(i % 2), "during-outage-" + i));
            }
            Thread.sleep(3000);
            system.infra.startKafka();
            List<ConsumerRecord<String, String>> after = KafkaTestClient.readAll(kafka, Topics.POLICY_EVENTS,
                    Duration.ofSeconds(120), l -> l.stream().filter(r -> r.value().contains("during-outage-")).count() >= 5);
            after = HeldRateChanges.settled(kafka, Topics.POLICY_EVENTS);
            Map<String, Integer> outage = new HashMap<>();
            for (ConsumerRecord<String, String> r : after) {
                String id = JSON.readTree(r.value()).get("id").asText();
                if (id.startsWith("during-outage-")) {
                    outage.merge(id, 1, Integer::sum);
                }
            }
            assertEquals(5, outage.size(), "published after the outage: " + outage);
            outage.forEach((id, n) -> assertTrue(n == 1, id + " published " + n + " times"));
        }
    }
}
