package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tariffwatch.events.Json;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A feed end to end, packaged services as a user runs them: policy-ingest with its feed watcher on (against a local
 * server answering as the Federal Register does, from a fixture file), alert-service, a webhook subscriber that asks
 * for documents. The filed proclamation reaches the subscriber once however often the watcher polls, also after a
 * restart of ingest, and waits as a draft.
 */
class FeedsIT {
    private static final String PUBLISHER_KEY = "feeds-test-publisher-key";
    private static final ObjectMapper JSON = Json.mapper();

    private static TariffWatchSystem system;
    private static ServiceProcess ingest;
    private static ServiceProcess alerts;
    private static WebhookReceiver receiver;
    private static HttpServer federalRegister;
    private static final AtomicInteger POLLS = new AtomicInteger();

    @BeforeAll
    static void startEverything() throws Exception {
        byte[] current;
        try (InputStream in = FeedsIT.class.getResourceAsStream("/feeds/public-inspection-current.json")) {
            current = in.readAllBytes();
        }
        byte[] empty = "{\"count\":0,\"total_pages\":0,\"results\":[]}".getBytes(StandardCharsets.UTF_8);
        federalRegister = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        federalRegister.createContext("/api/v1/", exchange -> {
            try (exchange) {
                boolean inspection = exchange.getRequestURI().getPath().endsWith("/public-inspection-documents/current.json");
                if (inspection) {
                    POLLS.incrementAndGet();
                }
                byte[] body = inspection ? current : empty;
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        federalRegister.start();
        system = TariffWatchSystem.start("feeds");
        receiver = new WebhookReceiver();
        alerts = system.service("alert-service", "alerts", Map.of("TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        ingest = startIngest();
    }

    private static ServiceProcess startIngest() throws Exception {
        return system.service("policy-ingest", "ingest", Map.of(
                "TARIFFWATCH_PUBLISHER_KEY", PUBLISHER_KEY,
                "TARIFFWATCH_FEEDS_ENABLED", "true",
                "TARIFFWATCH_FEEDS_BASE_URL", "http://127.0.0.1:" + federalRegister.getAddress().getPort(),
                "TARIFFWATCH_FEEDS_INTERVAL", "2s"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Closing.all(receiver, system, federalRegister == null ? null : () -> federalRegister.stop(0));
    }

    @Test
    void aFiledProclamationReachesTheSubscriberWhoAsksForDocumentsOnceAndWaitsAsADraft() throws Exception {
        HttpResponse<String> created = SystemHttp.send("POST", alerts.url("/api/v1/subscriptions"), null, """
                {"channel":"webhook","target":"%s","filters":{"kinds":["DOCUMENT"]}}""".formatted(receiver.url()));
        assertEquals(201, created.statusCode(), created.body());

        await().atMost(Duration.ofSeconds(90)).until(() -> !receiver.received.isEmpty());
        int pollsSeen = POLLS.get();
        // several more polls find the same document: nothing more is sent
        await().atMost(Duration.ofSeconds(30)).until(() -> POLLS.get() >= pollsSeen + 3);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 1);

        // and none after a restart: the watcher resumes from its database
        ingest.close();
        ingest = startIngest();
        int afterRestart = POLLS.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> POLLS.get() >= afterRestart + 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 1);
        JsonNode hook = JSON.readTree(receiver.received.get(0).body());
        assertEquals("policy.document", hook.get("type").asText());
        assertEquals("2025-09120", hook.at("/data/documentNumber").asText());
        assertEquals("PUBLIC_INSPECTION", hook.at("/data/stage").asText());

        JsonNode drafts = JSON.readTree(SystemHttp.send("GET", ingest.url("/api/v1/drafts"), PUBLISHER_KEY, null).body());
        assertEquals(1, drafts.size(), drafts.toString());
        assertEquals("OPEN", drafts.get(0).get("status").asText());
        JsonNode ready = JSON.readTree(SystemHttp.send("GET", ingest.url("/q/health/ready"), null, null).body());
        assertTrue(ready.toString().contains("federal-register.public-inspection.lagSeconds"), ready.toString());
    }
}
