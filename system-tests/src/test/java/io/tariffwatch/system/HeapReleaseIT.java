package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A service gives back the heap a burst grew once the burst is over (README "Operations"): rate-engine, with the
 * local run's JVM options, applies a burst of policy events, then goes quiet; one full collection returns the
 * committed heap beyond what it holds.
 */
class HeapReleaseIT {
    private static final int BURST = 20_000;
    private static final String IMPOSER = "DE";

    @Test
    void rateEngineGivesBackTheHeapOfABurstOnceQuiet() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("heap-release")) {
            // quiet sooner, and any growth of 8 MB worth a release: the burst's growth (~40 MB here) is not the test
            ServiceProcess rates = system.service("rate-engine", "rates", Map.of(
                    "TARIFFWATCH_HEAP_RELEASE_CHECK_EVERY", "500ms",
                    "TARIFFWATCH_HEAP_RELEASE_QUIET_FOR", "2s",
                    "TARIFFWATCH_HEAP_RELEASE_MIN_GROWTH_MEGABYTES", "8"));
            KafkaTestClient.send(system.infra.kafkaBootstrapServers(), Topics.POLICY_EVENTS, burst(), Map.of());
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rates.counter("tariffwatch_rates_events_applied_total") >= BURST);
            double releasesAfterTheBurst = rates.counter("tariffwatch_heap_releases_total");
            double committedAfterTheBurst = rates.gauge("jvm_memory_committed_bytes", "area=\"heap\"");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rates.counter("tariffwatch_heap_releases_total") > releasesAfterTheBurst);
            double committedOnceQuiet = rates.gauge("jvm_memory_committed_bytes", "area=\"heap\"");
            assertTrue(committedOnceQuiet < committedAfterTheBurst,
                    "committed heap " + committedAfterTheBurst / (1 << 20) + " → " + committedOnceQuiet / (1 << 20) + " MB");
            assertTrue(rates.counter("tariffwatch_heap_released_bytes_total") > 0);
        }
    }

    /** Measures of their own on every partner of one imposer, one HS heading each: what the engine keeps grows. */
    private static List<ProducerRecord<byte[], byte[]>> burst() {
        List<String> partners = Countries.ISO.stream().filter(c -> !c.equals(IMPOSER)).sorted().toList();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
            String event = """
                    {"id":"heap-release-%d","kind":"HIKE","stage":"ENACTED","imposer":"%s","targets":["%s"],
                     "measure":{"id":"%s-BURST-%d"},"rate":%d,"effectiveFrom":"2025-%02d-01T00:00:00Z",
                     "products":{"include":["%04d"]},"sequence":%d,"recordedAt":"2026-01-01T00:00:00Z"}"""
                    .formatted(i, IMPOSER, partners.get(i % partners.size()), IMPOSER, i % 20, 1 + i % 40, 1 + i % 12,
                            101 + i % 500 * 19, 1_000_000L + i);
            records.add(new ProducerRecord<>(Topics.POLICY_EVENTS, IMPOSER.getBytes(StandardCharsets.UTF_8),
                    event.getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }
}
