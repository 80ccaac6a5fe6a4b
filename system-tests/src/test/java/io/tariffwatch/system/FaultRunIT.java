package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The fault run: generated, reproducible policy events streamed through the whole system while each
 * service is killed with -9 and restarted, the broker restarted, PostgreSQL stopped, one webhook receiver
 * stalls and another answers 503. Then: nothing accepted is lost, order holds, the engine equals a clean
 * rebuild, and every expected alert arrived — policy alerts by id, rate changes as the transitions an
 * independent model of the generated hikes gives, corrections folded in — duplicates counted. {@code -Dtariffwatch.faultRun=long} runs
 * the long variant (5,000 events, 200 webhook and 20 e-mail subscriptions, PostgreSQL away 60 s,
 * receivers failing 2 minutes).
 */
class FaultRunIT {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String PUBLISHER_KEY = "fault-run-publisher";
    private static final String ADMIN_KEY = "fault-run-admin";
    private static final List<String> IMPOSERS = List.of("US", "CN", "CA", "MX", "JP", "GB", "AU", "IN");
    private static final List<String> PARTNERS = List.of("BR", "AR", "KR", "VN", "TH", "ZA", "NG", "CL", "PE", "CO",
            "NZ", "SG", "ID", "MY", "PH", "TR", "EG", "SA", "AE", "IL");

    /** {@code rateWebhooks}: the first so many webhook subscriptions take every alert of their partner (rate
     * changes too); the others take its talks only. 5,000 events with random past dates streamed one by one
     * make about 165,000 rate-change alerts for 200 such receivers: more than the run can wait for. */
    private record Variant(int events, int webhooks, int rateWebhooks, int emails, Duration postgresAway,
                           Duration receiversFailing) {
        static Variant chosen() {
            return "long".equals(System.getProperty("tariffwatch.faultRun"))
                    ? new Variant(5000, 200, 20, 20, Duration.ofSeconds(60), Duration.ofMinutes(2))
                    : new Variant(400, 40, 40, 4, Duration.ofSeconds(20), Duration.ofSeconds(30));
        }
    }

    /** A generated event: its JSON, who a TALKS alert on it concerns, and for a HIKE what it sets. */
    private record Generated(String id, String imposer, String json, Set<String> talksParties, Hike hike) {
    }

    /** A HIKE: from {@code from} the measure's rate on each target is {@code rate} (later ones win at a tie). */
    record Hike(String measure, Set<String> targets, int rate, Instant from, int order) {
    }

    /** A transition of a pair's additional duty on general goods, as subscribers should end up holding it. */
    record Move(String imposer, Instant at, BigDecimal previous, BigDecimal next) {
        Move {
            previous = previous.stripTrailingZeros();
            next = next.stripTrailingZeros();
        }
    }

    static List<Generated> generate(int n) {
        Random random = new Random(2025);
        List<Generated> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String imposer = IMPOSERS.get(random.nextInt(IMPOSERS.size()));
            String partner = PARTNERS.get(random.nextInt(PARTNERS.size()));
            String id = "fault-" + i;
            if (random.nextInt(5) == 0) {
                events.add(new Generated(id, imposer, """
                        {"id":"%s","kind":"TALKS","stage":"ANNOUNCED","imposer":"%s","targets":["%s"],
                         "talks":{"startsAt":"2026-03-01T09:00:00Z","endsAt":"2026-03-02T18:00:00Z","parties":["%s","%s"]},
                         "headline":"fault run talks %d"}""".formatted(id, imposer, partner, imposer, partner, i),
                        Set.of(imposer, partner), null));
            } else {
                String second = PARTNERS.get(random.nextInt(PARTNERS.size()));
                String measure = imposer + "-M" + random.nextInt(4);
                int rate = random.nextInt(51);
                Instant from = Instant.parse("2025-%02d-%02dT00:00:00Z".formatted(1 + random.nextInt(12), 1 + random.nextInt(28)));
                events.add(new Generated(id, imposer, """
                        {"id":"%s","kind":"HIKE","imposer":"%s","targets":["%s","%s"],"measure":{"id":"%s"},
                         "rate":%d,"effectiveFrom":"%s","headline":"fault run hike %d"}"""
                        .formatted(id, imposer, partner, second, measure, rate, from, i), Set.of(),
                        new Hike(measure, Set.copyOf(List.of(partner, second)), rate, from, i)));
            }
        }
        return events;
    }

    /** A webhook receiver whose answers the run switches: 204, 503, or headers and then nothing. */
    static final class Receiver implements AutoCloseable {
        enum Mode { OK, UNAVAILABLE, STALL }

        final HttpServer server;
        volatile Mode mode = Mode.OK;
        final Map<String, Integer> answered = new ConcurrentHashMap<>();
        /** The rate changes and corrections received, by webhook-id (a repeat is counted in answered). */
        final Map<String, JsonNode> rateChanges = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/hook", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    Mode now = mode;
                    if (now == Mode.STALL) {
                        exchange.sendResponseHeaders(200, 1000);
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (mode == Mode.STALL && System.nanoTime() < until) {
                            Thread.sleep(100);
                        }
                        return;
                    }
                    if (now == Mode.UNAVAILABLE) {
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    JsonNode alert = JSON.readTree(body);
                    exchange.sendResponseHeaders(204, -1);
                    answered.merge(alert.at("/data/id").asText(), 1, Integer::sum);
                    if (alert.get("type").asText().startsWith("tariff.rate.c")) {
                        rateChanges.put(exchange.getRequestHeaders().getFirst("webhook-id"), alert.get("data"));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }


    @Test
    void nothingAcceptedIsLostWhateverFails() throws Exception {
        Variant variant = Variant.chosen();
        List<Generated> events = generate(variant.events());
        try (TariffWatchSystem system = TariffWatchSystem.start("fault-run")) {
            Map<String, String> ingestEnv = Map.of("TARIFFWATCH_PUBLISHER_KEY", PUBLISHER_KEY);
            Map<String, String> engineEnv = Map.of("TARIFFWATCH_ADMIN_KEY", ADMIN_KEY);
            Map<String, String> alertsEnv = Map.of("TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
                    "TARIFFWATCH_DELIVERY_TIMEOUT", "2s", "TARIFFWATCH_DELIVERY_BACKOFF_MAX", "10s",
                    "TARIFFWATCH_DELIVERY_RETRY_SCHEDULE", "1s,2s,4s,8s,15s,30s,30s,30s,30s,30s,30s,30s,30s,30s,30s");
            AtomicReference<ServiceProcess> ingest = new AtomicReference<>(system.service("policy-ingest", "ingest", ingestEnv));
            AtomicReference<ServiceProcess> engine = new AtomicReference<>(system.service("rate-engine", "rates", engineEnv));
            AtomicReference<ServiceProcess> alerts = new AtomicReference<>(system.service("alert-service", "alerts", alertsEnv));

            // subscriptions: each on one partner (the first rateWebhooks on all its alerts, the rest on its talks);
            // receiver 0 will stall, receiver 1 answer 503
            List<Receiver> receivers = new ArrayList<>();
            Map<Receiver, String> receiverPartner = new HashMap<>();
            for (int i = 0; i < variant.webhooks(); i++) {
                Receiver r = new Receiver();
                receivers.add(r);
                String partner = PARTNERS.get(i % PARTNERS.size());
                receiverPartner.put(r, partner);
                String kinds = i < variant.rateWebhooks() ? "" : ",\"kinds\":[\"TALKS\"]";
                HttpResponse<String> created = SystemHttp.send("POST", alerts.get().url("/api/v1/subscriptions"), null,
                        "{\"channel\":\"webhook\",\"target\":\"" + r.url() + "\",\"filters\":{\"partners\":[\"" + partner
                                + "\"]" + kinds + "}}");
                assertEquals(201, created.statusCode(), created.body());
            }
            Map<String, String> mailboxPartner = new HashMap<>();
            for (int i = 0; i < variant.emails(); i++) {
                String mailbox = "fault-" + i + "@example.com";
                String partner = PARTNERS.get(i % PARTNERS.size());
                mailboxPartner.put(mailbox, partner);
                HttpResponse<String> created = SystemHttp.send("POST", alerts.get().url("/api/v1/subscriptions"), null,
                        "{\"channel\":\"email\",\"target\":\"" + mailbox + "\",\"filters\":{\"partners\":[\"" + partner
                                + "\"],\"kinds\":[\"TALKS\"]}}");
                assertEquals(201, created.statusCode(), created.body());
                confirm(system, alerts.get(), mailbox);
            }
            receivers.get(0).mode = Receiver.Mode.STALL;
            receivers.get(1).mode = Receiver.Mode.UNAVAILABLE;

            // the stream: each event sent until ingest answers 2xx (an upstream system retries)
            ExecutorService publishers = Executors.newFixedThreadPool(4);
            AtomicInteger accepted = new AtomicInteger();
            long perEventMillis = Math.max(5, 90_000L / variant.events());
            List<Future<?>> sends = new ArrayList<>();
            for (Generated e : events) {
                sends.add(publishers.submit(() -> {
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                    while (System.nanoTime() < deadline) {
                        try {
                            int status = SystemHttp.send("POST", ingest.get().url("/api/v1/policy-events"), PUBLISHER_KEY, e.json()).statusCode();
                            if (status / 100 == 2) {
                                accepted.incrementAndGet();
                                return null;
                            }
                            assertTrue(status >= 500, e.id() + " refused with " + status);
                        } catch (IOException down) {
                            // ingest is being restarted
                        }
                        Thread.sleep(500);
                    }
                    throw new AssertionError(e.id() + " never accepted");
                }));
                Thread.sleep(perEventMillis);
            }

            // the faults, while events stream
            int faults = 0;
            Thread.sleep(5_000);
            ingest.get().kill();
            ingest.set(system.service("policy-ingest", "ingest", ingestEnv));
            faults++;
            engine.get().kill();
            engine.set(system.service("rate-engine", "rates", engineEnv));
            faults++;
            system.infra.stopKafka();
            Thread.sleep(5_000);
            system.infra.startKafka();
            faults++;
            system.infra.stopPostgres();
            Thread.sleep(variant.postgresAway().toMillis());
            system.infra.startPostgres();
            faults++;
            alerts.get().kill();
            alerts.set(system.service("alert-service", "alerts", alertsEnv));
            faults++;
            Thread.sleep(Math.max(0, variant.receiversFailing().toMillis() - variant.postgresAway().toMillis()));
            receivers.get(0).mode = Receiver.Mode.OK;
            receivers.get(1).mode = Receiver.Mode.OK;
            faults += 2;
            for (Future<?> f : sends) {
                f.get(15, TimeUnit.MINUTES);
            }
            publishers.shutdown();

            // every accepted event is on policy.events; first occurrences in sequence order per imposer, gap-free
            List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll(system.infra.kafkaBootstrapServers(),
                    Topics.POLICY_EVENTS, Duration.ofMinutes(3),
                    l -> l.stream().map(r -> r.value()).distinct().count() >= events.size());
            Set<String> seen = new HashSet<>();
            Map<String, Long> lastSequence = new TreeMap<>();
            List<Long> sequences = new ArrayList<>();
            int duplicatedEvents = 0;
            for (ConsumerRecord<String, String> r : records) {
                JsonNode e = JSON.readTree(r.value());
                String id = e.get("id").asText();
                long sequence = e.get("sequence").asLong();
                if (!seen.add(id)) {
                    duplicatedEvents++;
                    assertTrue(sequence <= lastSequence.get(e.get("imposer").asText()), "a repeat is an earlier event: " + id);
                    continue;
                }
                long previous = lastSequence.getOrDefault(e.get("imposer").asText(), 0L);
                assertTrue(sequence > previous, "policy.events in sequence order per imposer, as consumed: " + id
                        + " (" + sequence + " after " + previous + ")");
                lastSequence.put(e.get("imposer").asText(), sequence);
                sequences.add(sequence);
            }
            assertEquals(events.size(), seen.size(), "every accepted event is on policy.events");
            assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(), sequences.stream().sorted().toList(),
                    "the sequence is gap-free");

            // every expected alert arrived
            Map<Receiver, Set<String>> expected = new HashMap<>();
            for (Receiver r : receivers) {
                expected.put(r, talksConcerning(events, receiverPartner.get(r)));
            }
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    expected.entrySet().stream().allMatch(x -> x.getKey().answered.keySet().containsAll(x.getValue())));
            // rate changes: what each receiver holds, once corrections are folded in, equals the independent model
            Map<Receiver, Set<Move>> expectedMoves = new HashMap<>();
            for (int i = 0; i < receivers.size(); i++) {
                expectedMoves.put(receivers.get(i), i < variant.rateWebhooks()
                        ? movesOf(events, receiverPartner.get(receivers.get(i))) : Set.of());
            }
            try {
                await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() ->
                        expectedMoves.entrySet().stream().allMatch(x -> fold(x.getKey().rateChanges.values()).equals(x.getValue())));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // counted and reported below
            }
            Map<String, Set<String>> expectedMail = new HashMap<>();
            mailboxPartner.forEach((mailbox, partner) -> expectedMail.put(mailbox, talksConcerning(events, partner)));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                for (Map.Entry<String, Set<String>> x : expectedMail.entrySet()) {
                    if (!headlinesMailed(system, x.getKey()).keySet().containsAll(x.getValue())) {
                        return false;
                    }
                }
                return true;
            });
            // late repeats, if any, arrive before the count: once no receiver has heard anything for 10 s
            Quiet.settled(() -> receivers.stream().mapToLong(r -> r.answered.values().stream().mapToLong(n -> n).sum()).sum(),
                    Duration.ofSeconds(10), Duration.ofMinutes(2));

            int lost = 0;
            int duplicated = 0;
            int alertsExpected = 0;
            for (Receiver r : receivers) {
                for (String id : expected.get(r)) {
                    alertsExpected++;
                    int n = r.answered.getOrDefault(id, 0);
                    lost += n == 0 ? 1 : 0;
                    duplicated += Math.max(0, n - 1);
                }
                assertEquals(expected.get(r), r.answered.keySet().stream().filter(id -> id.startsWith("fault-"))
                        .collect(Collectors.toSet()), "a receiver gets the policy alerts of its filter, no others");
                Set<Move> held = fold(r.rateChanges.values());
                alertsExpected += expectedMoves.get(r).size();
                lost += (int) expectedMoves.get(r).stream().filter(m -> !held.contains(m)).count();
                duplicated += r.answered.entrySet().stream().filter(x -> !x.getKey().startsWith("fault-"))
                        .mapToInt(x -> x.getValue() - 1).sum();
                if (!expectedMoves.get(r).equals(held)) {
                    // a short message: the sets hold thousands of moves in the long variant
                    List<Move> missing = expectedMoves.get(r).stream().filter(m -> !held.contains(m)).limit(5).toList();
                    List<Move> extra = held.stream().filter(m -> !expectedMoves.get(r).contains(m)).limit(5).toList();
                    throw new AssertionError("receiver " + receivers.indexOf(r) + " (partner " + receiverPartner.get(r)
                            + ") holds " + held.size() + " transitions, the model " + expectedMoves.get(r).size()
                            + "; missing e.g. " + missing + "; not in the model e.g. " + extra);
                }
            }
            for (Map.Entry<String, Set<String>> x : expectedMail.entrySet()) {
                Map<String, Integer> mailed = headlinesMailed(system, x.getKey());
                for (String id : x.getValue()) {
                    alertsExpected++;
                    int n = mailed.getOrDefault(id, 0);
                    lost += n == 0 ? 1 : 0;
                    duplicated += Math.max(0, n - 1);
                }
            }

            // the engine equals a clean rebuild
            Map<String, String> before = histories(engine.get(), events);
            HttpResponse<String> rebuilt = SystemHttp.send("POST", engine.get().url("/api/v1/admin/rebuild"), ADMIN_KEY, null);
            assertEquals(200, rebuilt.statusCode(), rebuilt.body());
            assertEquals(before, histories(engine.get(), events), "the engine's rates and histories equal a clean rebuild");

            System.out.printf("fault run: %d events accepted (%d repeated on policy.events), %d alerts expected%n",
                    accepted.get(), duplicatedEvents, alertsExpected);
            System.out.printf("events %d, faults %d, lost %d, duplicated %d%n", events.size(), faults, lost, duplicated);
            assertEquals(0, lost, "lost alerts");
            receivers.forEach(Receiver::close);
        }
    }

    /** The model: per imposer, a measure's rate on the partner is its last HIKE's (by date, then order);
     * the additional duty is their sum; a move is where that sum changes. */
    static Set<Move> movesOf(List<Generated> events, String partner) {
        Set<Move> moves = new HashSet<>();
        for (String imposer : IMPOSERS) {
            List<Hike> hikes = events.stream().filter(e -> e.hike() != null && e.imposer().equals(imposer)
                    && e.hike().targets().contains(partner)).map(Generated::hike).toList();
            Map<String, TreeMap<Instant, Hike>> byMeasure = new HashMap<>();
            for (Hike h : hikes) {
                byMeasure.computeIfAbsent(h.measure(), m -> new TreeMap<>())
                        .merge(h.from(), h, (a, b) -> a.order() > b.order() ? a : b);
            }
            BigDecimal before = BigDecimal.ZERO;
            for (Instant t : hikes.stream().map(Hike::from).collect(Collectors.toCollection(java.util.TreeSet::new))) {
                BigDecimal sum = byMeasure.values().stream().map(m -> m.floorEntry(t))
                        .filter(java.util.Objects::nonNull).map(x -> BigDecimal.valueOf(x.getValue().rate()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                if (sum.compareTo(before) != 0) {
                    moves.add(new Move(imposer, t, before, sum));
                    before = sum;
                }
            }
        }
        return moves;
    }

    /** What a subscriber holds after applying rate changes in revision order: a correction replaces the
     * change it names (a withdrawal, without rates, only removes it). General goods only. */
    static Set<Move> fold(Collection<JsonNode> changes) {
        Map<String, Move> held = new HashMap<>();
        changes.stream().sorted(java.util.Comparator.comparingLong(c -> c.get("revision").asLong())).forEach(c -> {
            JsonNode corrects = c.get("corrects");
            if (corrects != null && !corrects.isNull()) {
                held.remove(corrects.get("rateChangeId").asText());
            }
            JsonNode next = c.get("newRate");
            if (next != null && !next.isNull() && "*".equals(c.get("product").asText())) {
                held.put(c.get("id").asText(), new Move(c.get("imposer").asText(),
                        java.time.OffsetDateTime.parse(c.get("effectiveFrom").asText()).toInstant(),
                        c.get("previousRate").decimalValue(), next.decimalValue()));
            }
        });
        return new HashSet<>(held.values());
    }

    private static Set<String> talksConcerning(List<Generated> events, String partner) {
        Set<String> ids = new HashSet<>();
        for (Generated e : events) {
            if (e.talksParties().contains(partner)) {
                ids.add(e.id());
            }
        }
        return ids;
    }

    /** Event ids ("fault run talks N" headlines) in a mailbox's alert e-mails, with how often each came. */
    private static Map<String, Integer> headlinesMailed(TariffWatchSystem system, String mailbox) throws Exception {
        HttpResponse<String> r = SystemHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(system.infra.mailApiUrl() + "?to=" + mailbox)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Integer> counts = new HashMap<>();
        Pattern headline = Pattern.compile("fault run talks (\\d+)");
        for (JsonNode mail : JSON.readTree(r.body())) {
            Matcher m = headline.matcher(mail.get("text").asText());
            Set<String> inThisMail = new HashSet<>();
            while (m.find()) {
                inThisMail.add("fault-" + m.group(1));
            }
            inThisMail.forEach(id -> counts.merge(id, 1, Integer::sum));
        }
        return counts;
    }

    private static void confirm(TariffWatchSystem system, ServiceProcess alerts, String mailbox) throws Exception {
        AtomicReference<String> link = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = SystemHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(system.infra.mailApiUrl() + "?to=" + mailbox)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode mail : JSON.readTree(r.body())) {
                Matcher m = Pattern.compile("http://\\S+(/api/v1/subscriptions/\\S+/confirm\\?token=\\S+)").matcher(mail.get("text").asText());
                if (m.find()) {
                    link.set(m.group(1));
                    return true;
                }
            }
            return false;
        });
        HttpResponse<String> confirmed = SystemHttp.send("POST", alerts.url(link.get()), null, null);
        assertEquals(200, confirmed.statusCode(), confirmed.body());
    }

    /** Every imposer–partner pair's history over 2025, once the engine has applied everything (stable). */
    private static Map<String, String> histories(ServiceProcess engine, List<Generated> events) throws Exception {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(5)).until(() -> {
            Map<String, String> now = new TreeMap<>();
            for (String imposer : IMPOSERS) {
                for (String partner : PARTNERS) {
                    HttpResponse<String> r = SystemHttp.send("GET", engine.url("/api/v1/rates/" + imposer + "/" + partner
                            + "/history?from=2024-12-01&to=2026-01-01"), null, null);
                    now.put(imposer + "/" + partner, r.statusCode() + " " + r.body());
                }
            }
            boolean stable = now.equals(last.get());
            last.set(now);
            return stable;
        });
        return last.get();
    }
}
