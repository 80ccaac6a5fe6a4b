package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged services as an operator runs them: a shipped key stops a prod start; quotas answer 429 with
 * Retry-After per API key and per client address; and no key, token or signing secret used in the run
 * reaches any log (this run's, and every system test's run before it in this build).
 */
class SecurityIT {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String PUBLISHER_KEY = "security-it-publisher-7d1e0c";
    private static final String ADMIN_KEY = "security-it-admin-5b93aa";
    private static final Pattern SECRET_SHAPES = Pattern.compile("whsec_[A-Za-z0-9+/=]{16,}|twk_[A-Za-z0-9_-]{16,}");

    @Test
    void shippedKeysAreRefusedQuotasAnswer429AndNoSecretIsLogged() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("security"); WebhookReceiver receiver = new WebhookReceiver()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
                    system.service("rate-engine", "rates", Map.of("TARIFFWATCH_ADMIN_KEY", "change-me-admin")));
            assertTrue(refused.getMessage().contains("refusing to start: tariffwatch.admin-key holds a demo or placeholder value"),
                    refused.getMessage());

            ServiceProcess ingest = system.service("policy-ingest", "ingest", Map.of("TARIFFWATCH_PUBLISHER_KEY", PUBLISHER_KEY,
                    "TARIFFWATCH_ADMIN_KEY", ADMIN_KEY, "TARIFFWATCH_QUOTA_PER_KEY_REQUESTS", "3", "TARIFFWATCH_QUOTA_PER_KEY_PER", "1h"));
            ServiceProcess rates = system.service("rate-engine", "rates", Map.of("TARIFFWATCH_ADMIN_KEY", ADMIN_KEY,
                    "TARIFFWATCH_QUOTA_PER_ADDRESS_REQUESTS", "4", "TARIFFWATCH_QUOTA_PER_ADDRESS_PER", "1h"));
            ServiceProcess alerts = system.service("alert-service", "alerts", Map.of("TARIFFWATCH_ADMIN_KEY", ADMIN_KEY,
                    "TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                    "TARIFFWATCH_QUOTA_NEW_SUBSCRIPTIONS_PER_ADDRESS_REQUESTS", "2",
                    "TARIFFWATCH_QUOTA_NEW_SUBSCRIPTIONS_PER_ADDRESS_PER", "1h"));
            List<String> secrets = new ArrayList<>(List.of(PUBLISHER_KEY, ADMIN_KEY));

            // subscriptions: two per address, then 429
            JsonNode webhook = body(SystemHttp.send("POST", alerts.url("/api/v1/subscriptions"), null,
                    "{\"channel\":\"webhook\",\"target\":\"" + receiver.url() + "\",\"filters\":{\"partners\":[\"CL\"]}}"), 201);
            JsonNode mail = body(SystemHttp.send("POST", alerts.url("/api/v1/subscriptions"), null,
                    "{\"channel\":\"email\",\"target\":\"security-it@example.com\"}"), 201);
            assertOverQuota(SystemHttp.send("POST", alerts.url("/api/v1/subscriptions"), null,
                    "{\"channel\":\"email\",\"target\":\"security-it-2@example.com\"}"));
            secrets.addAll(List.of(webhook.get("secret").asText(), webhook.get("token").asText(), mail.get("token").asText()));

            // publishing: three requests per key, then 429; another key has a quota of its own
            for (int i = 0; i < 3; i++) {
                assertEquals(202, SystemHttp.send("POST", ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, hike("sec-" + i, 10 + i)).statusCode());
            }
            assertOverQuota(SystemHttp.send("POST", ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, hike("sec-3", 20)));
            String feedKey = body(SystemHttp.send("POST", ingest.url("/api/v1/admin/api-keys"), ADMIN_KEY,
                    "{\"name\":\"security-feed\",\"role\":\"PUBLISHER\"}"), 201).get("key").asText();
            secrets.add(feedKey);
            assertEquals(202, SystemHttp.send("POST", ingest.url("/api/v1/policy-events"), feedKey, hike("sec-4", 30)).statusCode());

            // the webhook is delivered (signed), then its secret rotated
            await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received.isEmpty());
            JsonNode rotated = body(SystemHttp.send("POST", alerts.url("/api/v1/subscriptions/" + webhook.get("id").asText() + "/secret"),
                    webhook.get("token").asText(), null), 200);
            secrets.add(rotated.get("secret").asText());
            String confirmation = await().atMost(Duration.ofSeconds(60)).until(() -> confirmationLink(system), l -> l != null);
            secrets.add(confirmation.replaceAll(".*token=", ""));

            // the rate API: four requests per address, then 429; health is not counted
            for (int i = 0; i < 4; i++) {
                assertEquals(200, SystemHttp.send("GET", rates.url("/api/v1/measures?imposer=US"), null, null).statusCode());
            }
            assertOverQuota(SystemHttp.send("GET", rates.url("/api/v1/rates/US/CL"), null, null));
            assertEquals(200, SystemHttp.send("GET", rates.url("/q/health/ready"), null, null).statusCode());

            List<String> leaks = new ArrayList<>();
            for (Path log : logsOf(system.logs())) {
                String text = Files.readString(log);
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        leaks.add(log.getFileName() + " holds " + secret.substring(0, 6) + "…");
                    }
                }
            }
            assertEquals(List.of(), leaks, "keys, tokens and secrets of this run in its logs");
        }
        // every run of this build so far: nothing shaped like a signing secret or an API key
        List<String> leaks = new ArrayList<>();
        for (Path log : logsOf(TariffWatchSystem.ROOT.resolve("system-tests/target/system-run"))) {
            Matcher m = SECRET_SHAPES.matcher(Files.readString(log));
            if (m.find()) {
                leaks.add(log + ": " + m.group().substring(0, 8) + "…");
            }
        }
        assertEquals(List.of(), leaks, "secrets in the logs of this build's system runs");
    }

    private static List<Path> logsOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f))
                    .filter(f -> f.getParent().getFileName().toString().equals("logs")).toList();
        }
    }

    private static String hike(String id, int rate) {
        return """
                {"id":"%s","kind":"HIKE","imposer":"US","targets":["CL"],"measure":{"id":"US-SEC-%s"},
                 "rate":%d,"effectiveFrom":"2025-04-01T00:00:00Z","headline":"security run"}""".formatted(id, id, rate);
    }

    private static void assertOverQuota(HttpResponse<String> r) throws IOException {
        assertEquals(429, r.statusCode(), r.body());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
        JsonNode problem = JSON.readTree(r.body());
        assertEquals(429, problem.get("status").asInt());
        assertEquals("Too Many Requests", problem.get("title").asText());
    }

    private static String confirmationLink(TariffWatchSystem system) throws Exception {
        HttpResponse<String> r = SystemHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(system.infra.mailApiUrl()
                + "?to=security-it@example.com")).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode m : JSON.readTree(r.body())) {
            Matcher link = Pattern.compile("http\\S+/confirm\\?token=\\S+").matcher(m.get("text").asText());
            if (link.find()) {
                return link.group();
            }
        }
        return null;
    }

    private static JsonNode body(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

}
