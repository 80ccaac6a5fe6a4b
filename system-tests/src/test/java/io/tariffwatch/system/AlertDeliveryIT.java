package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** alert-service as deployed: several instances on one database and consumer group, and kill -9. */
class AlertDeliveryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern NEXT_PAGE = Pattern.compile("<[^>]*(/api/[^>]+)>; rel=\"next\"");
    private static final Map<String, String> ENV = Map.of(
            "TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
            "TARIFFWATCH_DELIVERY_RETRY_SCHEDULE", "1s,1s,1s",
            "TARIFFWATCH_DELIVERY_LEASE", "5s",
            "TARIFFWATCH_DELIVERY_TIMEOUT", "2s");

    /** @return the subscription as created: its id and its token */
    static JsonNode subscribe(ServiceProcess alerts, String url, String partner) throws Exception {
        String body = "{\"channel\":\"webhook\",\"target\":\"" + url + "\",\"filters\":{\"partners\":[\"" + partner + "\"]}}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(alerts.url("/api/v1/subscriptions")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    /** What the subscriptions' delivery logs say of the attempts that were retried: each error, counted. */
    static Map<String, Integer> retriedAttempts(ServiceProcess alerts, List<JsonNode> subscriptions) throws Exception {
        Map<String, Integer> errors = new HashMap<>();
        for (JsonNode s : subscriptions) {
            String next = "/api/v1/subscriptions/" + s.get("id").asText() + "/deliveries?limit=1000";
            while (next != null) {
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(alerts.url(next)))
                        .header("Authorization", "Bearer " + s.get("token").asText()).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode entry : Json.mapper().readTree(page.body())) {
                    if ("RETRY".equals(entry.path("outcome").asText())) {
                        errors.merge(entry.path("error").asText() + " after " + entry.path("durationMs").asLong() / 1000
                                + " s", 1, Integer::sum);
                    }
                }
                Matcher link = NEXT_PAGE.matcher(page.headers().firstValue("Link").orElse(""));
                next = link.find() ? link.group(1) : null;
            }
        }
        return errors;
    }

    static void publishRateChanges(String kafka, String partner, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(rateChange(partner, i));
        }
        KafkaTestClient.send(kafka, Topics.RATE_CHANGES, records, Map.of());
    }

    /** The {@code i}th rate change of the US on {@code partner}, keyed as the engine keys it. */
    static ProducerRecord<byte[], byte[]> rateChange(String partner, int i) {
        return record("US:" + partner, """
                {"id":"%s","imposer":"US","partner":"%s","product":"*","previousRate":%d,"newRate":%d,"delta":1,
                 "effectiveFrom":"2025-04-10T04:01:00Z","retroactive":true,"cause":{"eventId":"e%d","kind":"HIKE",
                 "measureId":"M","stage":"ENACTED"},"components":[],"computedAt":"2026-01-01T00:00:00Z"}"""
                .formatted(UUID.randomUUID(), partner, i, i + 1, i));
    }

    static ProducerRecord<byte[], byte[]> record(String key, String value) {
        return new ProducerRecord<>(Topics.RATE_CHANGES, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Integer> countsById(WebhookReceiver receiver) {
        Map<String, Integer> counts = new HashMap<>();
        receiver.received.forEach(r -> counts.merge(r.headers().get("webhook-id"), 1, Integer::sum));
        return counts;
    }

    /** Until {@code expected} distinct alerts arrived, or the timeout: the caller's assertions say what is missing. */
    static void awaitDistinct(WebhookReceiver receiver, int expected, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> countsById(receiver).size() >= expected);
        } catch (ConditionTimeoutException missing) {
            // reported by the assertions that follow, with the delivery log
        }
    }

    @Test
    void twoInstancesDeliverAThousandAlertsToTenSubscriptionsExactlyOnceEach() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("alerts-scale");
             WebhookReceiver receiver = new WebhookReceiver()) {
            // the default deadline: with 2 s, a 2xx that a loaded machine delays past it is retried, as the
            // README promises, and this test is about two instances never sending one alert at once
            Map<String, String> env = new HashMap<>(ENV);
            env.put("TARIFFWATCH_DELIVERY_TIMEOUT", "10s");
            env.put("TARIFFWATCH_DELIVERY_LEASE", "30s");
            ServiceProcess first = system.service("alert-service", "alerts", env);
            ServiceProcess second = system.service("alert-service", "alerts", env);
            List<JsonNode> subscriptions = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                subscriptions.add(subscribe(first, receiver.url() + "?subscriber=" + s, "CN"));
            }
            long start = System.nanoTime();
            publishRateChanges(system.infra.kafkaBootstrapServers(), "CN", 1000);
            awaitDistinct(receiver, 10_000, Duration.ofMinutes(5));
            // a repeat, if any, would still be on its way: counted once arrivals stop
            Quiet.settled(() -> receiver.received.size(), Duration.ofSeconds(5), Duration.ofMinutes(1));
            Map<String, Integer> counts = countsById(receiver);
            assertEquals(10_000, counts.size(), "distinct alerts delivered");
            assertEquals(10_000, receiver.received.size(), "deliveries in all: none twice; attempts retried: "
                    + (first.counter("tariffwatch_deliveries_total", "outcome=\"RETRY\"")
                    + second.counter("tariffwatch_deliveries_total", "outcome=\"RETRY\""))
                    + ", outcomes fenced: " + (first.counter("tariffwatch_deliveries_fenced_total")
                    + second.counter("tariffwatch_deliveries_fenced_total")) + "; retried after: "
                    + retriedAttempts(first, subscriptions));
            System.out.printf("two alert-service instances: 10,000 deliveries in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
    }

    /** README "Topics": a rate change on a pair no active subscription may take is left unread, by its key alone —
     * so an unreadable one is dead-lettered only where some subscription follows its pair. */
    @Test
    void rateChangesOnPairsNoSubscriptionFollowsAreLeftUnreadAndNotDeadLettered() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("alerts-unread");
             WebhookReceiver receiver = new WebhookReceiver()) {
            ServiceProcess alerts = system.service("alert-service", "alerts", ENV);
            subscribe(alerts, receiver.url(), "KR");
            String kafka = system.infra.kafkaBootstrapServers();
            KafkaTestClient.send(kafka, Topics.RATE_CHANGES, List.of(record("US:KR", "not a rate change"),
                    record("US:VN", "not a rate change either"), rateChange("VN", 0), rateChange("KR", 0)), Map.of());

            String unread = "tariffwatch_records_unread_total";
            String rateChanges = "channel=\"rate-changes\"";
            String deadLettered = "tariffwatch_records_dead_lettered_total";
            await().atMost(Duration.ofSeconds(60)).until(() -> alerts.counter(unread, rateChanges) == 2
                    && alerts.counter(deadLettered, rateChanges) >= 1 && countsById(receiver).size() == 1);
            List<ConsumerRecord<String, String>> dead = KafkaTestClient.readAll(kafka,
                    Topics.RATE_CHANGES_DLQ_ALERT_SERVICE, Duration.ofSeconds(30), records -> !records.isEmpty());
            assertEquals(List.of("US:KR"), dead.stream().map(ConsumerRecord::key).toList(), "dead-lettered");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> alerts.counter(deadLettered, rateChanges) == 1 && alerts.counter(unread, rateChanges) == 2);
            JsonNode alert = Json.mapper().readTree(receiver.received.get(0).body());
            assertEquals("KR", alert.at("/data/partner").asText());
        }
    }

    @Test
    void aKillInTheMiddleOfDeliveriesLosesNoAlertAndRepeatsAtMostWhatWasInFlight() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("alerts-crash");
             WebhookReceiver receiver = new WebhookReceiver(20)) {
            ServiceProcess alerts = system.service("alert-service", "alerts", ENV);
            subscribe(alerts, receiver.url() + "?subscriber=a", "JP");
            subscribe(alerts, receiver.url() + "?subscriber=b", "JP");
            publishRateChanges(system.infra.kafkaBootstrapServers(), "JP", 300);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> receiver.received.size() >= 100);
            alerts.kill();
            int beforeKill = receiver.received.size();
            java.util.Set<String> answeredBeforeKill = new java.util.HashSet<>(receiver.answered);
            system.service("alert-service", "alerts", ENV);
            awaitDistinct(receiver, 600, Duration.ofMinutes(3));
            Quiet.settled(() -> receiver.received.size(), Duration.ofSeconds(8), Duration.ofMinutes(1));
            Map<String, Integer> counts = countsById(receiver);
            assertEquals(600, counts.size(), "every alert delivered");
            assertTrue(counts.values().stream().allMatch(n -> n <= 2), "no alert more than twice: " + counts);
            // sent again although answered 2xx: only alerts whose 2xx came in the instant before the kill, before
            // the instance could record it; at most what was in flight (one batch, 20)
            long againAfter2xx = answeredBeforeKill.stream().filter(id -> counts.get(id) > 1).count();
            long againUnanswered = counts.values().stream().filter(n -> n > 1).count() - againAfter2xx;
            assertTrue(againAfter2xx <= 20, againAfter2xx + " alerts answered 2xx were sent again");
            System.out.printf("alert-service kill -9 after %d requests: 600 alerts delivered; sent again: %d already "
                    + "answered 2xx, %d whose answer the kill cut off%n", beforeKill, againAfter2xx, againUnanswered);
        }
    }

    @Test
    void anSmtpServerThatStallsCostsEmailsTheirDeadlineAndWebhooksNothing() throws Exception {
        int smtpConnections = 2;
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TariffWatchSystem system = TariffWatchSystem.start("smtp-stall");
             WebhookReceiver receiver = new WebhookReceiver()) {
            // accepts connections and then says nothing, not even the greeting
            Thread acceptor = new Thread(() -> {
                while (!stalling.isClosed()) {
                    try {
                        held.add(stalling.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ServiceProcess alerts = system.service("alert-service", "alerts", Map.of(
                    "TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1", "TARIFFWATCH_DELIVERY_TIMEOUT", "2s",
                    "QUARKUS_MAILER_PORT", Integer.toString(stalling.getLocalPort()),
                    "QUARKUS_MAILER_MAX_POOL_SIZE", Integer.toString(smtpConnections)));
            HttpResponse<String> mail = SystemHttp.send("POST", alerts.url("/api/v1/subscriptions"), null,
                    "{\"channel\":\"email\",\"target\":\"stalled@example.com\"}");
            assertEquals(201, mail.statusCode(), mail.body());
            JsonNode email = Json.mapper().readTree(mail.body());
            for (int i = 1; i <= 4; i++) {
                assertEquals(201, SystemHttp.send("POST", alerts.url("/api/v1/subscriptions"), null,
                        "{\"channel\":\"email\",\"target\":\"stalled-" + i + "@example.com\"}").statusCode());
            }
            subscribe(alerts, receiver.url(), "PY");

            publishRateChanges(system.infra.kafkaBootstrapServers(), "PY", 20);
            awaitDistinct(receiver, 20, Duration.ofSeconds(30));
            assertEquals(20, countsById(receiver).size(), "webhooks are delivered at full speed while SMTP stalls");

            String deliveries = alerts.url("/api/v1/subscriptions/" + email.get("id").asText() + "/deliveries");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode log = Json.mapper().readTree(SystemHttp.send("GET", deliveries, email.get("token").asText(), null).body());
                for (JsonNode attempt : log) {
                    if ("RETRY".equals(attempt.path("outcome").asText())
                            && attempt.path("error").asText().equals("SMTP: no answer within PT2S")) {
                        return true;
                    }
                }
                return false;
            });
            assertTrue(!held.isEmpty(), "the mailer connected to the stalling server");
            // five confirmation e-mails due, two SMTP connections: two in flight at a time, the others wait their
            // turn as due alerts rather than spend their deadline in the mail client's queue
            String inFlight = "tariffwatch_deliveries_in_flight";
            String emails = "channel=\"EMAIL\"";
            await().atMost(Duration.ofSeconds(20)).until(() -> alerts.counter(inFlight, emails) == smtpConnections);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                    .until(() -> alerts.counter(inFlight, emails) <= smtpConnections);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
