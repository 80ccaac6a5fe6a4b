package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.events.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline as a user runs it: a real broker, PostgreSQL and SMTP server, the three packaged
 * services as separate processes, a real webhook receiver. The seed's 145% event goes in at
 * policy-ingest; the rate, a signed webhook and an e-mail come out; posting it again changes nothing.
 */
class PipelineIT {
    private static final String PUBLISHER_KEY = "system-test-publisher-key";
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TariffWatchSystem system;
    private static ServiceProcess ingest;
    private static ServiceProcess rates;
    private static ServiceProcess alerts;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startEverything() throws Exception {
        system = TariffWatchSystem.start("pipeline");
        receiver = new WebhookReceiver();
        ingest = system.service("policy-ingest", "ingest", Map.of("TARIFFWATCH_PUBLISHER_KEY", PUBLISHER_KEY));
        rates = system.service("rate-engine", "rates", Map.of());
        alerts = system.service("alert-service", "alerts", Map.of(
                "TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                "TARIFFWATCH_DELIVERY_RETRY_SCHEDULE", "1s,1s,1s"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Closing.all(receiver, system);
    }

    @Test
    void seedEventFlowsFromIngestToRateWebhookAndEmail() throws Exception {
        // Subscribers: only moves of 100 points or more on China, so exactly the 145% step concerns them.
        JsonNode webhook = post(alerts.url("/api/v1/subscriptions"), null, """
                {"channel":"webhook","target":"%s","filters":{"imposers":["US"],"partners":["CN"],"minDelta":100}}
                """.formatted(receiver.url()), 201);
        String mailbox = "importer@example.com";
        JsonNode email = post(alerts.url("/api/v1/subscriptions"), null, """
                {"channel":"email","target":"%s","filters":{"imposers":["US"],"partners":["CN"],"minDelta":100}}
                """.formatted(mailbox), 201);
        assertEquals("PENDING_CONFIRMATION", email.get("status").asText());
        confirm(mailbox);

        String fentanyl = event("sys-us-ieepa-fentanyl-cn-20", "US-IEEPA-FENTANYL", 20, "2025-03-04T00:01:00-05:00");
        String reciprocal = event("sys-us-reciprocal-cn-125", "US-IEEPA-RECIPROCAL", 125, "2025-04-10T00:01:00-04:00");
        post(ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, fentanyl, 202);
        JsonNode accepted = post(ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, reciprocal, 202);
        long sequence = accepted.get("sequence").asLong();

        // (a) the rate
        await().atMost(Duration.ofSeconds(60)).until(() -> headlineUsCn() == 145.0);

        // (b) one webhook, signed with the subscription's secret
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received.size() >= 1);
        // (c) one alert e-mail
        await().atMost(Duration.ofSeconds(60)).until(() -> alertEmails(mailbox).size() >= 1);
        // anything extra would arrive within the services' one-second cycles
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                assertEquals(1, receiver.received.size(), "webhook alerts: " + receiver.received));
        WebhookReceiver.Received hook = receiver.received.get(0);
        assertEquals(sign(webhook.get("secret").asText(), hook.headers().get("webhook-id"),
                hook.headers().get("webhook-timestamp"), hook.body()), hook.headers().get("webhook-signature"));
        JsonNode body = JSON.readTree(hook.body());
        assertEquals("tariff.rate.changed", body.get("type").asText());
        assertEquals(20.0, body.at("/data/previousRate").asDouble());
        assertEquals(145.0, body.at("/data/newRate").asDouble());
        assertEquals("sys-us-reciprocal-cn-125", body.at("/data/cause/eventId").asText());

        List<JsonNode> mails = alertEmails(mailbox);
        assertEquals(1, mails.size(), "alert e-mails: " + mails);
        assertTrue(mails.get(0).get("text").asText().contains("20% → 145% (+125 points)"), mails.get(0).toString());
        assertTrue(mails.get(0).get("listUnsubscribe").asText().contains("/unsubscribe?token="));

        // (d) the same event again: 200, same sequence, and nothing new anywhere
        JsonNode repeat = post(ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, reciprocal, 200);
        assertEquals(sequence, repeat.get("sequence").asLong());
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).untilAsserted(() -> {
            assertEquals(145.0, headlineUsCn());
            assertEquals(1, receiver.received.size());
            assertEquals(1, alertEmails(mailbox).size());
        });
    }

    private static String event(String id, String measure, int rate, String from) {
        return """
                {"id":"%s","kind":"HIKE","imposer":"US","targets":["CN"],
                 "measure":{"id":"%s","authority":"IEEPA"},"rate":%d,"effectiveFrom":"%s",
                 "headline":"US tariff on China","source":{"url":"https://example.org/%s"}}
                """.formatted(id, measure, rate, from, id);
    }

    private static double headlineUsCn() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(rates.url("/api/v1/rates/US/CN"))).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()).get("total").asDouble() : -1;
    }

    private static void confirm(String mailbox) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !mails(mailbox).isEmpty());
        String text = mails(mailbox).get(0).get("text").asText();
        Matcher link = Pattern.compile("(http\\S+/confirm\\?token=\\S+)").matcher(text);
        assertTrue(link.find(), text);
        String url = link.group(1).replaceFirst("http://localhost:\\d+", "http://127.0.0.1:" + alerts.port);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static List<JsonNode> alertEmails(String mailbox) throws Exception {
        return mails(mailbox).stream().filter(m -> !m.get("subject").asText().startsWith("Confirm")).toList();
    }

    private static List<JsonNode> mails(String mailbox) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.infra.mailApiUrl() + "?to=" + mailbox)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(r.body()).forEach(list::add);
        return list;
    }

    private static JsonNode post(String url, String bearer, String body, int expectedStatus) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, r.statusCode(), url + " answered " + r.body());
        return JSON.readTree(r.body());
    }

    /** Standard Webhooks, written here independently of the service: v1, base64 HMAC-SHA256 of id.ts.body. */
    private static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
