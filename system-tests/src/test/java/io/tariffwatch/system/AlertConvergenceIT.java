package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 from outside, as a subscriber checks it: a catch-all webhook subscription, the 2025 scenario
 * (the demo's spring events, then Geneva, the pause extensions and the fentanyl cut, published in the
 * order that moves announced transitions) through the real services. Folding the webhooks by the
 * README's rule gives, for every pair and product, the history the rate API answers; no webhook moves a
 * rate to itself or arrives twice; the 10 November 2025 move of US→CN is corrected to what it finally is.
 */
class AlertConvergenceIT {
    private static final String PUBLISHER_KEY = "system-test-publisher-key";
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> SCENARIO_PAIRS = List.of("US:CN", "US:HK", "US:JP", "US:DE", "US:EU", "CN:US");
    private static final List<String> CODES = List.of("*", "851713", "85171300", "8471", "8703");

    private static Pipeline pipeline;

    @BeforeAll
    static void startEverything() throws Exception {
        pipeline = Pipeline.start("convergence", PUBLISHER_KEY, Map.of());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aCatchAllSubscriberFoldsTheWebhooksIntoTheEnginesTimelines() throws Exception {
        send("POST", pipeline.alerts.url("/api/v1/subscriptions"), null,
                "{\"channel\":\"webhook\",\"target\":\"" + pipeline.receiver.url() + "\"}", 201);
        JsonNode scenario = JSON.readTree(Files.readString(TariffWatchSystem.ROOT
                .resolve("system-tests/src/test/resources/scenario-2025.json")));
        // one at a time, each applied before the next is published, as events arrive in life: the engine
        // applies a poll as one step, so events published together would be announced in fewer corrections
        int published = 0;
        for (JsonNode event : scenario) {
            send("POST", pipeline.ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, JSON.writeValueAsString(event), 202);
            int applied = ++published;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> pipeline.rates.counter("tariffwatch_rates_events_applied_total") >= applied);
        }

        // the stream has converged when folding it gives the engine's history for every pair it names and the
        // pairs the scenario is about
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            Folded folded = folded();
            Set<String> pairs = new LinkedHashSet<>(SCENARIO_PAIRS);
            pairs.addAll(folded.pairs());
            assertEquals(engineTimelines(pairs), folded.timelines(pairs));
        });

        // first whether a webhook came twice (the same webhook-id: a retry the receiver had already taken), then
        // whether one rate change came as two webhooks; the retries the service counted tell the first apart
        List<String> webhookIds = pipeline.receiver.received.stream().map(r -> r.headers().get("webhook-id")).toList();
        assertEquals(webhookIds.size(), new HashSet<>(webhookIds).size(), "a webhook delivered twice; attempts the "
                + "alert-service retried: " + pipeline.alerts.counter("tariffwatch_deliveries_total", "outcome=\"RETRY\""));
        Folded folded = folded();
        Set<String> ids = new HashSet<>();
        for (JsonNode hook : folded.hooks) {
            JsonNode data = hook.path("data");
            assertTrue(ids.add(data.path("id").asText()), "twice: " + data);
            if (data.hasNonNull("newRate")) {
                assertNotEquals(0, data.path("previousRate").decimalValue().compareTo(data.path("newRate").decimalValue()),
                        "a move to itself: " + data);
            }
        }
        long corrections = folded.hooks.stream().filter(h -> h.path("data").has("corrects")).count();
        long withdrawals = folded.hooks.stream().filter(h -> h.path("data").has("corrects")
                && !h.path("data").hasNonNull("newRate")).count();
        System.out.printf("convergence: %d events, %d rate-change webhooks (%d corrections, %d of them withdrawals)%n",
                scenario.size(), folded.hooks.size(), corrections, withdrawals);

        // US→CN on 10 November 2025 was announced as 30 → 54 (the pause's end), corrected to 30 → 44 (the
        // fentanyl cut), then to 30 → 20 (the pause extended a year, which ends on 10 November 2026: 20 → 44)
        List<JsonNode> november = folded.hooks.stream().map(h -> h.path("data"))
                .filter(d -> d.path("partner").asText().equals("CN") && d.path("imposer").asText().equals("US")
                        && d.path("product").asText().equals("*")
                        && d.path("effectiveFrom").asText().startsWith("2025-11-10")).toList();
        assertTrue(november.size() >= 2, november.toString());
        assertEquals("tariff.rate.corrected", folded.hooks.stream().filter(h -> h.path("data").path("id").asText()
                .equals(november.get(november.size() - 1).path("id").asText())).findFirst().orElseThrow()
                .path("type").asText());
        assertEquals(List.of("2025-02-04T05:01:00Z 0→10", "2025-03-04T05:01:00Z 10→20", "2025-04-05T04:01:00Z 20→30",
                "2025-04-09T04:01:00Z 30→54",
                "2025-04-10T04:01:00Z 54→145", "2025-05-14T04:01:00Z 145→30", "2025-11-10T05:01:00Z 30→20",
                "2026-11-10T05:01:00Z 20→44"), folded.timelines(Set.of("US:CN")).get("US:CN:*"));
    }

    /** The received webhooks, folded per key by the README's rule. */
    private static Folded folded() throws Exception {
        List<JsonNode> hooks = new ArrayList<>();
        for (WebhookReceiver.Received r : List.copyOf(pipeline.receiver.received)) {
            JsonNode body = JSON.readTree(r.body());
            if (body.path("type").asText().startsWith("tariff.rate.c")) {
                hooks.add(body);
            }
        }
        return new Folded(hooks);
    }

    static final class Folded {
        final List<JsonNode> hooks;
        private final Map<String, TreeMap<Instant, String>> byKey = new HashMap<>();

        Folded(List<JsonNode> received) {
            // deliveries may overtake one another: a subscriber applies rate changes in revision order
            this.hooks = received.stream()
                    .sorted(java.util.Comparator.comparingLong(h -> h.path("data").path("revision").asLong())).toList();
            for (JsonNode hook : hooks) {
                JsonNode d = hook.path("data");
                String key = d.path("imposer").asText() + ":" + d.path("partner").asText() + ":" + d.path("product").asText();
                TreeMap<Instant, String> own = byKey.computeIfAbsent(key, k -> new TreeMap<>(view(k)));
                Instant at = OffsetDateTime.parse(d.path("effectiveFrom").asText()).toInstant();
                if (d.hasNonNull("newRate")) {
                    own.put(at, plain(d.path("previousRate").decimalValue()) + "→" + plain(d.path("newRate").decimalValue()));
                } else {
                    own.remove(at);
                }
            }
        }

        /** The longest received key that is a prefix of the key's product, general goods last. */
        TreeMap<Instant, String> view(String key) {
            String[] parts = key.split(":");
            String product = parts[2];
            while (true) {
                TreeMap<Instant, String> own = byKey.get(parts[0] + ":" + parts[1] + ":" + product);
                if (own != null) {
                    return own;
                }
                if (product.equals("*")) {
                    return new TreeMap<>();
                }
                product = product.length() == 1 ? "*" : product.substring(0, product.length() - 1);
            }
        }

        Set<String> pairs() {
            Set<String> pairs = new LinkedHashSet<>();
            byKey.keySet().forEach(k -> pairs.add(k.substring(0, k.lastIndexOf(':'))));
            return pairs;
        }

        /** For every pair and each checked HS code: "at previous→next" per transition. */
        Map<String, List<String>> timelines(Set<String> pairs) {
            Map<String, List<String>> timelines = new TreeMap<>();
            for (String pair : pairs) {
                for (String code : CODES) {
                    List<String> list = new ArrayList<>();
                    view(pair + ":" + code).forEach((at, move) -> list.add(at + " " + move));
                    timelines.put(pair + ":" + code, list);
                }
            }
            return timelines;
        }
    }

    /** The rate API's history of each pair and code up to now, as transitions of the additional duty. */
    private static Map<String, List<String>> engineTimelines(Set<String> pairs) throws Exception {
        Map<String, List<String>> timelines = new TreeMap<>();
        for (String pair : pairs) {
            String[] p = pair.split(":");
            for (String code : CODES) {
                String hs = code.equals("*") ? "" : "&hs=" + code;
                JsonNode steps = send("GET", pipeline.rates.url("/api/v1/rates/" + p[0] + "/" + p[1] + "/history?from="
                        + URLEncoder.encode("2024-01-01T00:00:00Z", StandardCharsets.UTF_8) + hs), null, null, 200);
                List<String> list = new ArrayList<>();
                BigDecimal previous = BigDecimal.ZERO;
                for (JsonNode step : steps) {
                    BigDecimal additional = step.path("additional").decimalValue();
                    if (additional.compareTo(previous) != 0) {
                        list.add(OffsetDateTime.parse(step.path("from").asText()).toInstant() + " " + plain(previous)
                                + "→" + plain(additional));
                        previous = additional;
                    }
                }
                timelines.put(pair + ":" + code, list);
            }
        }
        return timelines;
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    private static JsonNode send(String method, String url, String bearer, String body, int expectedStatus)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, r.statusCode(), url + " answered " + r.body());
        return JSON.readTree(r.body());
    }
}
