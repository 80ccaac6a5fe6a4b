package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.system.bench.BenchReport;
import io.tariffwatch.system.bench.CpuCost;
import io.tariffwatch.system.bench.LoadGenerator;
import io.tariffwatch.system.bench.PgStatements;
import io.tariffwatch.system.bench.ProcessCpu;
import io.tariffwatch.system.bench.WebhookSink;
import io.tariffwatch.testing.KafkaTestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.PollInterval;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tariffwatch bench}: the system started as the local run starts it (free ports, empty state),
 * each scenario of issue 11 for a bounded time, every figure beside this machine's ceiling for its kind
 * of work (a trivial HTTP endpoint under the same load generator; the Kafka producer against the same
 * broker). {@code -Dtariffwatch.bench=full} runs the full variant; in {@code mvn verify} a smoke variant
 * runs each scenario briefly. It reports; it fails only when a scenario could not run at all.
 */
class BenchmarkIT {
    private static final String PUBLISHER_KEY = "bench-publisher-key";
    private static final ObjectMapper JSON = Json.mapper();
    private static final Pattern CONFIRM_LINK = Pattern.compile("http://\\S+(/api/v1/subscriptions/\\S+/confirm\\?token=\\S+)");

    private static final List<String> GROUPS =
            List.of("webhooks", "rate-api", "rest", "replay", "email", "intake", "history", "rest-alone");
    /** The partners of the bench's own subscriptions (the webhook fan-out, the e-mail fan-out, the latency run, and
     * Tuvalu's for the subscriptions' warm-up, which no event reaches). */
    private static final Set<String> SUBSCRIBED_PARTNERS = Set.of("FJ", "TO", "WS", "TV");
    /** Webhooks of the fan-out whose arrival is timed: ten seconds of subscriptions at several times today's rate. */
    private static final int MAX_FAN_OUT = 200_000;
    private static final Duration MIN_POLL = Duration.ofMillis(50);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    /** What a service logs as it gives heap back (README "Operations"). */
    private static final String HEAP_GIVEN_BACK = "heap given back after";
    private static final List<String> PIPELINE_MODULES = List.of("policy-ingest", "rate-engine", "alert-service");

    private final boolean full = "full".equals(System.getProperty("tariffwatch.bench"));
    private final Duration load = full ? Duration.ofSeconds(15) : Duration.ofSeconds(2);
    private final Duration warmUp = full ? Duration.ofSeconds(10) : Duration.ofSeconds(1);
    private final BenchReport report = new BenchReport();
    /** The groups asked for by {@code --only} (none: all); a misspelt group fails here, before anything starts. */
    private final List<String> only = onlyGroups();
    /** The rate engine's statement statistics, with {@code --pg-statements}. */
    private Optional<PgStatements> statements = Optional.empty();

    /** A build's first start of each service records its class-data archive (README "Performance"): done here in a
     * run of its own, reported apart, so that the scenarios' start is the one every later start sees. */
    private void recordClassData() throws Exception {
        if (PIPELINE_MODULES.stream().allMatch(ServiceProcess::hasTrainedArchive)) {
            return;
        }
        try (Pipeline first = Pipeline.start("bench-first-start", PUBLISHER_KEY, Map.of())) {
            for (ServiceProcess s : List.of(first.ingest, first.rates, first.alerts)) {
                report.add(s.name + " first start after a build", "until ready", s.readyAfter.toMillis() / 1000.0, "s",
                        null, null, false);
            }
        }
    }

    @Test
    void measuresEveryScenarioAgainstThisMachinesCeilings() throws Exception {
        LoadGenerator.Result trivial = httpCeiling();
        double httpCeiling = trivial.perSecond();
        report.add("ceiling: trivial HTTP endpoint, 64 connections", "requests/s", httpCeiling, "/s", null, null, true);
        // what 64 connections on these cores cost a request at the least: the rate API's p99 beside it
        report.add("ceiling: trivial HTTP endpoint, 64 connections", "p99", trivial.p99Millis(), "ms", null, null, false);
        recordClassData();
        try (Pipeline p = Pipeline.start("bench", PUBLISHER_KEY, Map.of());
             WebhookReceiver latencyReceiver = new WebhookReceiver()) {
            double kafkaCeiling = kafkaCeiling(p.system.infra.kafkaBootstrapServers());
            report.add("ceiling: Kafka producer, 1 KB records", "records/s", kafkaCeiling, "/s", null, null, true);
            for (ServiceProcess s : List.of(p.ingest, p.rates, p.alerts)) {
                report.add(s.name + " start", "until ready", s.readyAfter.toMillis() / 1000.0, "s", null, 3.0, false);
            }

            if (Boolean.getBoolean(PgStatements.ENABLED)) {
                statements = Optional.of(new PgStatements(p.system.infra.jdbcUrl("rates"),
                        p.system.infra.dbUsername("rates"), p.system.infra.dbPassword("rates"),
                        TariffWatchSystem.ROOT.resolve("target/bench/pg-statements.md")));
            }
            group("webhooks", () -> {
                try (WebhookSink sink = new WebhookSink(MAX_FAN_OUT)) {
                    int subscriptions = createSubscriptions(p, sink, httpCeiling);
                    fanOut(p, sink, subscriptions, httpCeiling);
                }
                publishToWebhook(p, latencyReceiver);
            });
            group("rate-api", () -> rateApi(p, httpCeiling));
            group("rest", () -> ingestRest(p, httpCeiling, "publish one event by REST, 64 connections", "bench-rest-"));
            group("replay", () -> engineReplay(p, kafkaCeiling));
            group("email", () -> emailFanOut(p, httpCeiling));
            for (ServiceProcess s : List.of(p.ingest, p.rates, p.alerts)) {
                report.add(s.name + " RSS after the run", "resident memory", s.rssMegabytes(), "MB", null, 300.0, false);
            }
            rssOnceQuiet(List.of(p.ingest, p.rates, p.alerts), "RSS after the run, once quiet");
            group("intake", () -> {
                EngineProgress before = EngineProgress.of(p);
                CpuCost cpu = CpuCost.from(processes(p));
                ingestBatches(p, kafkaCeiling);
                kafkaIntake(p, kafkaCeiling);
                engineThroughTheIntake(p, before, cpu, kafkaCeiling);
            });
            group("history", () -> {
                syntheticHistory(p, kafkaCeiling);
                report.add(p.rates.name + " RSS after the synthetic history", "resident memory", p.rates.rssMegabytes(),
                        "MB", null, 300.0, false);
                rssOnceQuiet(List.of(p.rates), "RSS after the synthetic history, once quiet");
            });
            group("rest-alone", () -> {
                // the same load on policy-ingest alone: what it costs without the engine and alert-service
                // reacting to every event on the same cores
                p.rates.close();
                p.alerts.close();
                ingestRest(p, httpCeiling, "publish one event by REST, ingest alone, 64 connections", "bench-alone-");
            });
        }
        report.write(TariffWatchSystem.ROOT.resolve("target/bench"), full ? "full" : "smoke");
        assertFalse(report.scenarios().isEmpty());
    }

    /** A group of scenarios, measured unless {@code --only} names others. */
    @FunctionalInterface
    private interface Group {
        void run() throws Exception;
    }

    /** {@code ./tariffwatch bench --only webhooks,history}: only these groups of scenarios (to profile one); with
     * {@code --pg-statements}, each group's heaviest statements are written as it ends. */
    private void group(String name, Group work) throws Exception {
        if (!only.isEmpty() && !only.contains(name)) {
            return;
        }
        PgStatements.Snapshot before = statements.isPresent() ? statements.get().snapshot() : null;
        work.run();
        if (before != null) {
            statements.get().write(name, before);
        }
    }

    /** The groups asked for, refusing a name that is none of them (a typo would otherwise run no scenario at all). */
    static List<String> onlyGroups() {
        String only = System.getProperty("tariffwatch.bench.only", "").trim();
        if (only.isEmpty()) {
            return List.of();
        }
        List<String> asked = List.of(only.split("\\s*,\\s*"));
        List<String> unknown = asked.stream().filter(g -> !GROUPS.contains(g)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--only: no scenario group " + unknown + "; groups are " + GROUPS);
        }
        return asked;
    }

    private LoadGenerator.Result httpCeiling() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            return LoadGenerator.run(64, load, 204, uri, n -> LoadGenerator.Request.get("/"));
        } finally {
            server.stop(0);
        }
    }

    private double kafkaCeiling(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("bench.ceiling", 3, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        byte[] value = new byte[1024];
        long sent = 0;
        long start = System.nanoTime();
        long end = start + load.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>("bench.ceiling", value));
                sent++;
            }
            producer.flush();
        }
        return sent / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Webhook subscriptions on Fiji, as fast as 16 clients can create them — after the same load on Tuvalu,
     * unmeasured: a running service has compiled its hot path (cold, the same run gave 1,416/s against 1,880/s
     * warm), and no event of the bench reaches Tuvalu's subscriptions.
     */
    private int createSubscriptions(Pipeline p, WebhookSink sink, double httpCeiling) throws Exception {
        createSubscriptions(p, sink, "TV", warmUp);
        GroupCommits before = GroupCommits.of(p.alerts, "subscriptions");
        LoadGenerator.Result r =
                createSubscriptions(p, sink, "FJ", full ? Duration.ofSeconds(10) : Duration.ofSeconds(1));
        String name = "creating webhook subscriptions, 16 clients";
        report.add(name, "subscriptions/s", r.perSecond(), "/s", httpCeiling, 2000.0, true);
        GroupCommits.of(p.alerts, "subscriptions").since(before).report(report, name);
        return (int) (r.requests() - r.unexpected());
    }

    private static LoadGenerator.Result createSubscriptions(Pipeline p, WebhookSink sink, String partner,
                                                            Duration duration) throws Exception {
        String body = "{\"channel\":\"webhook\",\"target\":\"" + sink.url()
                + "\",\"filters\":{\"partners\":[\"" + partner + "\"]}}";
        return LoadGenerator.run(16, duration, 201, URI.create(p.alerts.url("/")),
                n -> LoadGenerator.Request.postJson("/api/v1/subscriptions", body));
    }

    /** One rate change on Fiji matching every subscription: deliveries per second, and the first after. */
    private void fanOut(Pipeline p, WebhookSink sink, int subscriptions, double httpCeiling) throws Exception {
        DeliverySteps before = DeliverySteps.of(p.alerts, "WEBHOOK");
        FailedAttempts failedBefore = FailedAttempts.of(p);
        CpuCost cpu = CpuCost.from(processes(p));
        long published = System.nanoTime();
        publish(p, event("bench-fanout", "US", "FJ", "US-BENCH-FANOUT", 10));
        waitUpTo(Duration.ofSeconds(full ? 300 : 60), () -> sink.received() >= subscriptions);
        int delivered = sink.received();
        assertTrue(delivered > 0, "no webhook of the fan-out arrived");
        assertTrue(sink.rejected() == 0, sink.rejected() + " requests of the fan-out were not webhooks");
        long[] at = sink.arrivalsSorted();
        double seconds = Math.max(1e-3, (at[at.length - 1] - at[0]) / 1e9);
        report.add("fan-out: one rate change, " + subscriptions + " webhook subscriptions", "deliveries/s",
                delivered / seconds, "/s", httpCeiling, 5000.0, true);
        report.add("fan-out: first webhook after publishing", "latency", (at[0] - published) / 1e6, "ms", null,
                null, false);
        cpu.report(report, "fan-out, publishing to the last webhook", "webhook", delivered);
        DeliverySteps.of(p.alerts, "WEBHOOK").since(before).report(report, "fan-out");
        failedBefore.report(report, "fan-out");
    }

    /**
     * The run's processes whose CPU a scenario's work is counted in: each service still running, PostgreSQL (every
     * database), the broker, the infrastructure's own JVM (GreenMail, the inbox) and the bench's (load generator,
     * receivers, producer).
     */
    private static Map<String, CpuCost.Reading> processes(Pipeline p) {
        Map<String, CpuCost.Reading> processes = new LinkedHashMap<>();
        for (ServiceProcess s : List.of(p.ingest, p.rates, p.alerts)) {
            if (s.alive()) {
                processes.put(s.name, () -> ProcessCpu.seconds(s.pid()));
            }
        }
        processes.put("PostgreSQL", () -> ProcessCpu.postgresSeconds(p.system.postgresDirectory()));
        processes.put("broker", () -> ProcessCpu.descendantSeconds(p.system.infra.pid(), "KafkaBrokerMain"));
        processes.put("infrastructure", () -> ProcessCpu.seconds(p.system.infra.pid()));
        processes.put("bench", () -> ProcessCpu.seconds(ProcessHandle.current().pid()));
        return processes;
    }

    /** The delivery worker's own timers (cumulative sums and counts): where a fan-out spent its time. */
    private record DeliverySteps(double claims, double claimSeconds, double recordings, double recordingSeconds,
                                 double outcomes, double attempts, double attemptSeconds) {
        static DeliverySteps of(ServiceProcess alerts, String channel) throws Exception {
            String attempts = "channel=\"" + channel + "\"";
            return new DeliverySteps(alerts.counter("tariffwatch_deliveries_claim_seconds_count"),
                    alerts.counter("tariffwatch_deliveries_claim_seconds_sum"),
                    alerts.counter("tariffwatch_deliveries_recording_seconds_count"),
                    alerts.counter("tariffwatch_deliveries_recording_seconds_sum"),
                    alerts.counter("tariffwatch_deliveries_recording_outcomes_sum"),
                    alerts.counter("tariffwatch_deliveries_attempt_seconds_count", attempts),
                    alerts.counter("tariffwatch_deliveries_attempt_seconds_sum", attempts));
        }

        DeliverySteps since(DeliverySteps b) {
            return new DeliverySteps(claims - b.claims, claimSeconds - b.claimSeconds, recordings - b.recordings,
                    recordingSeconds - b.recordingSeconds, outcomes - b.outcomes, attempts - b.attempts,
                    attemptSeconds - b.attemptSeconds);
        }

        void report(BenchReport report, String scenario) {
            report.add(scenario + ": alert-service claims, " + Math.round(claims) + " in all", "time per claim",
                    1000 * claimSeconds / Math.max(1, claims), "ms", null, null, false);
            report.add(scenario + ": alert-service records outcomes, " + Math.round(outcomes / Math.max(1, recordings))
                    + " per transaction", "time per transaction", 1000 * recordingSeconds / Math.max(1, recordings), "ms",
                    null, null, false);
            report.add(scenario + ": one attempt, " + Math.round(attempts) + " in all", "mean",
                    1000 * attemptSeconds / Math.max(1, attempts), "ms", null, null, false);
        }
    }

    /**
     * The delivery log's attempts that did not deliver since an instant, by outcome and reason: what made a fan-out
     * wait for retries (read from alert-service's database; its metrics count outcomes, not reasons).
     */
    private record FailedAttempts(Pipeline p, long lastAttemptId) {
        private static final int REASONS = 3;
        private static final int REASON_CHARS = 100;

        static FailedAttempts of(Pipeline p) throws SQLException {
            try (Connection c = alertsDatabase(p); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select coalesce(max(id), 0) from delivery_attempt")) {
                r.next();
                return new FailedAttempts(p, r.getLong(1));
            }
        }

        void report(BenchReport report, String scenario) throws SQLException {
            long failed = 0;
            List<String> reasons = new ArrayList<>();
            try (Connection c = alertsDatabase(p); PreparedStatement s = c.prepareStatement(
                    "select outcome, coalesce(left(error, " + REASON_CHARS + "), '') reason, count(*) from delivery_attempt"
                            + " where id > ? and outcome <> 'DELIVERED' group by 1, 2 order by 3 desc")) {
                s.setLong(1, lastAttemptId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        failed += r.getLong(3);
                        if (reasons.size() < REASONS) {
                            // a table cell: no column separators or line breaks of the reason's own
                            reasons.add(r.getLong(3) + " " + r.getString(1) + " \"" + r.getString(2)
                                    .replaceAll("[|\\s]+", " ") + "\"");
                        }
                    }
                }
            }
            report.add(scenario + ": attempts not delivered" + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons)
                    + ")"), "attempts", failed, "", null, null, false);
        }

        private static Connection alertsDatabase(Pipeline p) throws SQLException {
            return DriverManager.getConnection(p.system.infra.jdbcUrl("alerts"), p.system.infra.dbUsername("alerts"),
                    p.system.infra.dbPassword("alerts"));
        }
    }

    /** Events on Samoa at a steady pace, each a rate change for one webhook subscription: publish → webhook. */
    private void publishToWebhook(Pipeline p, WebhookReceiver receiver) throws Exception {
        send("POST", p.alerts.url("/api/v1/subscriptions"), null,
                "{\"channel\":\"webhook\",\"target\":\"" + receiver.url() + "\",\"filters\":{\"partners\":[\"WS\"]}}", 201);
        int events = full ? 40 : 4;
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        for (int i = 0; i < events; i++) {
            String id = "bench-latency-" + i;
            publishedAt.put(id, System.nanoTime());
            publish(p, event(id, "US", "WS", "US-BENCH-LATENCY-" + i, 1 + i));
            Thread.sleep(500);
        }
        waitUpTo(Duration.ofSeconds(60), () -> receiver.received.size() >= events);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < receiver.received.size(); i++) {
            JsonNode hook = JSON.readTree(receiver.received.get(i).body());
            Long sent = publishedAt.get(hook.at("/data/cause/eventId").asText());
            if (sent != null) {
                latencies.add(receiver.received.get(i).atNanos() - sent);
            }
        }
        assertFalse(latencies.isEmpty(), "no webhook of the latency run arrived");
        latencies.sort(null);
        report.add("publish → signed webhook, 2 events/s", "p50", LoadGenerator.percentile(latencies, 0.5), "ms",
                null, null, false);
        report.add("publish → signed webhook, 2 events/s", "p99", LoadGenerator.percentile(latencies, 0.99), "ms",
                null, 250.0, false);
    }

    private void rateApi(Pipeline p, double httpCeiling) throws Exception {
        // a duty of its own on the queried pair, so that the group runs alone too (--only rate-api)
        publish(p, event("bench-rate-api", "US", "WS", "US-BENCH-RATE-API", 5));
        waitUpTo(Duration.ofSeconds(60),
                () -> SystemHttp.send("GET", p.rates.url("/api/v1/rates/US/WS"), null, null).statusCode() == 200);
        for (String query : List.of("", "?hs=851713")) {
            rateApi(List.of(p.rates), query, query.isEmpty() ? "rate API headline" : "rate API HS query", httpCeiling);
        }
        // the same HS queries spread over two replicas (README "Scaling"), the second one following the first
        try (ServiceProcess second = p.system.service("rate-engine", "rates", Map.of())) {
            rateApi(List.of(p.rates, second), "?hs=851713", "rate API HS query, two replicas", httpCeiling);
        }
    }

    private void rateApi(List<ServiceProcess> replicas, String query, String what, double httpCeiling) throws Exception {
        LoadGenerator.Result r = LoadGenerator.run(64, load, 200, replicas.stream().map(s -> URI.create(s.url("/"))).toList(),
                n -> LoadGenerator.Request.get("/api/v1/rates/US/WS" + query));
        report.add(what + ", 64 connections", "queries/s", r.perSecond(), "/s", httpCeiling, 10000.0, true);
        report.add(what + ", 64 connections", "p99", r.p99Millis(), "ms", null, 10.0, false);
    }

    /** With the engine running, its CPU per event counts until it has applied them all (it trails the load). */
    private void ingestRest(Pipeline p, double httpCeiling, String name, String idPrefix) throws Exception {
        boolean engineRuns = p.rates.alive();
        Optional<EngineProgress> start = engineRuns ? Optional.of(EngineProgress.of(p)) : Optional.empty();
        Duration catchingUp = Duration.ofSeconds(full ? 120 : 60);
        // the same load, unmeasured, first: a running service has compiled its hot path; a cold one spends the
        // measured seconds in the JIT (10 of the 15 s of compilation threads, measured with --jfr)
        publishByRest(p, warmUp, idPrefix + "warm-");
        start.ifPresent(s -> s.awaitAppliedAll(p, catchingUp));
        CpuCost cpu = CpuCost.from(processes(p));
        GroupCommits before = GroupCommits.of(p.ingest, "ingest");
        LoadGenerator.Result r = publishByRest(p, load, idPrefix);
        GroupCommits during = GroupCommits.of(p.ingest, "ingest").since(before);
        report.add(name, "events/s", r.perSecond(), "/s", httpCeiling, 5000.0, true);
        report.add(name, "p99", r.p99Millis(), "ms", null, null, false);
        during.report(report, name);
        start.ifPresent(s -> s.awaitAppliedAll(p, catchingUp));
        cpu.report(report, name + (engineRuns ? ", until the engine applied them" : ""), "event",
                r.requests() - r.unexpected());
    }

    /** A service's group commit timers (cumulative): a group's time bounds how many requests a second it takes. */
    private record GroupCommits(double groups, double seconds, double requests) {
        /** @param committer the group committer's name: {@code ingest} or {@code subscriptions} */
        static GroupCommits of(ServiceProcess service, String committer) throws Exception {
            String prefix = "tariffwatch_" + committer + "_group_";
            return new GroupCommits(service.counter(prefix + "commit_seconds_count"),
                    service.counter(prefix + "commit_seconds_sum"), service.counter(prefix + "requests_sum"));
        }

        GroupCommits since(GroupCommits b) {
            return new GroupCommits(groups - b.groups, seconds - b.seconds, requests - b.requests);
        }

        void report(BenchReport report, String scenario) {
            report.add(scenario + ": group commits, " + Math.round(requests / Math.max(1, groups)) + " requests each",
                    "time per group", 1000 * seconds / Math.max(1, groups), "ms", null, null, false);
        }
    }

    private LoadGenerator.Result publishByRest(Pipeline p, Duration duration, String idPrefix) throws Exception {
        List<String> partners = unsubscribedPartners("CA");
        return LoadGenerator.run(64, duration, 202, URI.create(p.ingest.url("/")),
                n -> LoadGenerator.Request.postJson("/api/v1/policy-events", event(idPrefix + n, "CA",
                        partners.get((int) (n % partners.size())), "CA-BENCH-" + n, 5),
                        "Authorization: Bearer " + PUBLISHER_KEY));
    }

    /** Recorded events straight onto policy.events, as a replay: how fast the engine applies them — after the same
     * replay on another imposer, unmeasured, as a warm-up (the first 5,000 events of a fresh engine go mostly to the
     * JIT: the first batches took 0.7 s each, the last 0.05 s). */
    private void engineReplay(Pipeline p, double kafkaCeiling) throws Exception {
        int events = full ? 5_000 : 200;
        perSecondUntilCounted(p, replay("ZW", events, 900_000_000L), () -> applied(p),
                Duration.ofSeconds(full ? 300 : 60), "the engine applied nothing of the warm-up");
        CpuCost cpu = CpuCost.from(processes(p));
        double before = applied(p);
        double perSecond = perSecondUntilCounted(p, replay("MX", events, 1_000_000_000L), () -> applied(p),
                Duration.ofSeconds(full ? 300 : 60), "the engine applied nothing");
        String name = "rate engine applying " + events + " events from policy.events";
        report.add(name, "events/s", perSecond, "/s", kafkaCeiling, 20000.0, true);
        cpu.report(report, name, "event", applied(p) - before);
    }

    /** {@code events} recorded events of one imposer, each on one partner's goods under one of 20 measures. */
    private static List<ProducerRecord<byte[], byte[]>> replay(String imposer, int events, long firstSequence) {
        List<String> partners = unsubscribedPartners(imposer);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String e = """
                    {"id":"bench-replay-%s-%d","kind":"HIKE","stage":"ENACTED","imposer":"%s","targets":["%s"],
                     "measure":{"id":"%s-BENCH-%d"},"rate":%d,"effectiveFrom":"2025-01-01T00:00:00Z",
                     "products":{"include":["*"]},"sequence":%d,"recordedAt":"2026-01-01T00:00:00Z"}"""
                    .formatted(imposer, i, imposer, partners.get(i % partners.size()), imposer, i % 20, 1 + i % 40,
                            firstSequence + i);
            records.add(record(Topics.POLICY_EVENTS, imposer, e));
        }
        return records;
    }

    /**
     * Confirmed e-mail subscriptions on Tonga (each confirmed through the link of its confirmation e-mail, as a
     * subscriber does), then one rate change for all of them: e-mails per second accepted by the SMTP server.
     */
    private void emailFanOut(Pipeline p, double httpCeiling) throws Exception {
        int subscribers = full ? 1_000 : 100;
        double mailed = emailsDelivered(p);
        for (int i = 0; i < subscribers; i++) {
            send("POST", p.alerts.url("/api/v1/subscriptions"), null, """
                    {"channel":"email","target":"bench-mail-%d@example.com","filters":{"partners":["TO"]}}"""
                    .formatted(i), 201);
        }
        double confirmationsSent = mailed + subscribers;
        waitUpTo(Duration.ofSeconds(full ? 300 : 60), () -> emailsDelivered(p) >= confirmationsSent);
        HttpResponse<String> inbox = SystemHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(p.system.infra.mailApiUrl()))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        int confirmed = 0;
        for (JsonNode mail : JSON.readTree(inbox.body())) {
            Matcher link = CONFIRM_LINK.matcher(mail.path("text").asText());
            if (mail.path("to").toString().contains("bench-mail-") && link.find()) {
                send("POST", p.alerts.url(link.group(1)), null, "", 200);
                confirmed++;
            }
        }
        assertTrue(confirmed > 0, "no confirmation e-mail of the e-mail fan-out arrived");
        int subscribed = confirmed;
        double before = emailsDelivered(p);
        DeliverySteps stepsBefore = DeliverySteps.of(p.alerts, "EMAIL");
        FailedAttempts failedBefore = FailedAttempts.of(p);
        CpuCost cpu = CpuCost.from(processes(p));
        long published = System.nanoTime();
        publish(p, event("bench-email-fanout", "US", "TO", "US-BENCH-EMAIL", 10));
        long[] firstAndLast = {0, 0};
        double[] seen = {before};
        waitUpTo(Duration.ofSeconds(full ? 300 : 60), () -> {
            double now = emailsDelivered(p);
            if (now > seen[0]) {
                firstAndLast[0] = firstAndLast[0] == 0 ? System.nanoTime() : firstAndLast[0];
                firstAndLast[1] = System.nanoTime();
                seen[0] = now;
            }
            return now - before >= subscribed;
        });
        double delivered = seen[0] - before;
        assertTrue(delivered > 0, "no e-mail of the e-mail fan-out was sent");
        double seconds = Math.max(1e-3, (firstAndLast[1] - firstAndLast[0]) / 1e9);
        String name = "e-mail fan-out: one rate change, " + confirmed + " confirmed e-mail subscriptions";
        report.add(name, "e-mails/s", delivered / seconds, "/s", httpCeiling, 500.0, true);
        report.add(name, "first e-mail after publishing", (firstAndLast[0] - published) / 1e6, "ms", null, null, false);
        DeliverySteps.of(p.alerts, "EMAIL").since(stepsBefore).report(report, "e-mail fan-out");
        failedBefore.report(report, "e-mail fan-out");
        cpu.report(report, "e-mail fan-out, publishing to the last e-mail", "e-mail", delivered);
    }

    private static double emailsDelivered(Pipeline p) throws Exception {
        return p.alerts.counter("tariffwatch_deliveries_total", "channel=\"EMAIL\",outcome=\"DELIVERED\"");
    }

    /** Events in batches of 100 by REST on 16 connections: the intake of a bulk publisher. */
    private void ingestBatches(Pipeline p, double kafkaCeiling) throws Exception {
        int perBatch = 100;
        List<String> partners = unsubscribedPartners("NZ");
        LoadGenerator.Result r = LoadGenerator.run(16, load, 202, URI.create(p.ingest.url("/")), n -> {
            List<String> batch = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++) {
                long k = n * perBatch + i;
                batch.add(event("bench-batch-" + k, "NZ", partners.get((int) (k % partners.size())), "NZ-BENCH-" + k % 50, 5));
            }
            return LoadGenerator.Request.postJson("/api/v1/policy-events/batch", "[" + String.join(",", batch) + "]",
                    "Authorization: Bearer " + PUBLISHER_KEY);
        });
        String name = "publish by REST in batches of 100, 16 connections";
        report.add(name, "events/s", r.perSecond() * perBatch, "/s", kafkaCeiling, kafkaCeiling / 2, true);
        report.add(name, "p99 per batch", r.p99Millis(), "ms", null, null, false);
    }

    /** Events on {@code policy.events.inbound}, as an upstream system publishes them by Kafka: accepted per second. */
    private void kafkaIntake(Pipeline p, double kafkaCeiling) throws Exception {
        int events = full ? 20_000 : 200;
        // one record first, so that the figure is the intake's, not the consumer's joining its group
        double warm = accepted(p);
        KafkaTestClient.send(p.system.infra.kafkaBootstrapServers(), Topics.POLICY_EVENTS_INBOUND, List.of(
                record(Topics.POLICY_EVENTS_INBOUND, "bench-feed", event("bench-inbound-first", "AU", "NZ", "AU-BENCH", 5))),
                Map.of());
        waitUpTo(Duration.ofSeconds(60), () -> accepted(p) > warm);
        List<String> partners = unsubscribedPartners("AU");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            records.add(record(Topics.POLICY_EVENTS_INBOUND, "bench-feed",
                    event("bench-inbound-" + i, "AU", partners.get(i % partners.size()), "AU-BENCH-" + i % 50, 5)));
        }
        double perSecond = perSecondUntilCounted(p, records, () -> accepted(p), Duration.ofSeconds(full ? 300 : 60),
                "policy-ingest accepted nothing from policy.events.inbound");
        report.add("intake from policy.events.inbound, " + events + " events", "events/s", perSecond, "/s",
                kafkaCeiling, kafkaCeiling / 2, true);
    }

    /** What the engine had applied and ingest accepted at an instant. */
    private record EngineProgress(double applied, double accepted, long atNanos) {
        static EngineProgress of(Pipeline p) throws Exception {
            return new EngineProgress(BenchmarkIT.applied(p), BenchmarkIT.accepted(p), System.nanoTime());
        }

        /** Waits until the engine applied every event ingest accepted since this instant. */
        void awaitAppliedAll(Pipeline p, Duration atMost) {
            waitUpTo(atMost, () -> BenchmarkIT.applied(p) - applied >= BenchmarkIT.accepted(p) - accepted);
        }
    }

    /**
     * The engine applying what the two intake scenarios accepted: each of their imposers (NZ, AU) gets thousands of
     * events on its ~230 partners, so every poll recomputes pairs that keep growing. Events applied per second from
     * the start of the intake until the engine has them all, and how long that took after the intake ended.
     */
    private void engineThroughTheIntake(Pipeline p, EngineProgress before, CpuCost cpu, double kafkaCeiling)
            throws Exception {
        EngineProgress intakeEnded = EngineProgress.of(p);
        double events = intakeEnded.accepted() - before.accepted();
        before.awaitAppliedAll(p, Duration.ofSeconds(full ? 600 : 120));
        EngineProgress caughtUp = EngineProgress.of(p);
        String name = "rate engine applying the intake's " + Math.round(events) + " events";
        report.add(name, "events/s", (caughtUp.applied() - before.applied()) / ((caughtUp.atNanos() - before.atNanos()) / 1e9),
                "/s", kafkaCeiling, null, true);
        report.add(name, "behind after the intake", (caughtUp.atNanos() - intakeEnded.atNanos()) / 1e6, "ms", null, null,
                false);
        cpu.report(report, "the intake's events, accepted and applied", "event", caughtUp.applied() - before.applied());
    }

    private static double accepted(Pipeline p) throws Exception {
        return p.ingest.counter("tariffwatch_ingest_accepted_total");
    }

    /**
     * A synthetic history of 100,000 recorded events — 50 imposers × 240 partners × 500 HS prefixes, each event
     * one imposer's duty on one partner's goods of one prefix, from a month of 2025 — put on {@code policy.events}
     * once the engine has caught up with everything before: how fast it applies a history of that shape.
     */
    private void syntheticHistory(Pipeline p, double kafkaCeiling) throws Exception {
        int events = full ? 100_000 : 2_000;
        Quiet.settled(() -> {
            try {
                return (long) applied(p);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(3), Duration.ofSeconds(full ? 600 : 120));
        List<String> imposers = Countries.ISO.stream().sorted()
                .filter(c -> !List.of("AU", "CA", "FJ", "MX", "NZ", "TO", "US", "WS").contains(c)).limit(50).toList();
        Map<String, List<String>> partnersOf = imposers.stream()
                .collect(Collectors.toMap(imposer -> imposer, imposer -> unsubscribedPartners(imposer).subList(0, 240)));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String imposer = imposers.get(i % imposers.size());
            List<String> partners = partnersOf.get(imposer);
            String partner = partners.get(i / imposers.size() % partners.size());
            // 500 four-digit headings (0101 to 9582), a pair's events on several of them
            String prefix = "%04d".formatted(101 + (i + i / (imposers.size() * partners.size()) * 53) % 500 * 19);
            String e = """
                    {"id":"bench-history-%d","kind":"HIKE","stage":"ENACTED","imposer":"%s","targets":["%s"],
                     "measure":{"id":"%s-HISTORY-%d"},"rate":%d,"effectiveFrom":"2025-%02d-01T00:00:00Z",
                     "products":{"include":["%s"]},"sequence":%d,"recordedAt":"2026-01-01T00:00:00Z"}"""
                    .formatted(i, imposer, partner, imposer, i % 10, 1 + i % 40, 1 + i % 12, prefix, 2_000_000_000L + i);
            records.add(record(Topics.POLICY_EVENTS, imposer, e));
        }
        CpuCost cpu = CpuCost.from(processes(p));
        double before = applied(p);
        double perSecond = perSecondUntilCounted(p, records, () -> applied(p), Duration.ofSeconds(full ? 900 : 120),
                "the engine applied nothing of the synthetic history");
        String name = "synthetic history: " + events + " events, 50 imposers × 240 partners × 500 HS prefixes";
        report.add(name, "events/s", perSecond, "/s", kafkaCeiling, 20000.0, true);
        cpu.report(report, name, "event", applied(p) - before);
    }

    /**
     * Every partner of the imposer but those the bench's subscriptions follow, in code order: the load scenarios
     * measure publishing, applying and intake, not the webhooks that ~11,000 Fiji subscribers would otherwise get for
     * each of their events (hundreds of thousands, delivered on the same cores while the later scenarios ran).
     */
    private static List<String> unsubscribedPartners(String imposer) {
        return Countries.allExcept(imposer).stream().filter(c -> !SUBSCRIBED_PARTNERS.contains(c)).sorted().toList();
    }

    /**
     * Each service's RSS once it gave back the heap the run grew (README "Operations": after 10 s without a
     * collection, if its heap grew by 32 MB or more since the last time), waiting at most a minute (the smoke run,
     * whose services seldom grow that much, 15 s). Watched in the services' logs, not their metrics: scraping them
     * several times a second allocates enough to keep them collecting, never quiet.
     */
    private void rssOnceQuiet(List<ServiceProcess> services, String name) throws Exception {
        Map<ServiceProcess, Long> releasesBefore = new HashMap<>();
        for (ServiceProcess s : services) {
            releasesBefore.put(s, s.logLines(HEAP_GIVEN_BACK));
        }
        long quietSince = System.nanoTime();
        Map<ServiceProcess, Long> givenBackAfter = new HashMap<>();
        Duration atMost = full ? Duration.ofMinutes(1) : Duration.ofSeconds(15);
        waitUpTo(atMost, () -> {
            for (ServiceProcess s : services) {
                if (!givenBackAfter.containsKey(s) && s.logLines(HEAP_GIVEN_BACK) > releasesBefore.get(s)) {
                    givenBackAfter.put(s, Math.round((System.nanoTime() - quietSince) / 1e9));
                }
            }
            return givenBackAfter.size() == services.size();
        });
        for (ServiceProcess s : services) {
            String when = givenBackAfter.containsKey(s) ? "heap given back after " + givenBackAfter.get(s) + " s"
                    : "heap not given back within " + atMost.toSeconds() + " s";
            report.add(s.name + " " + name, "resident memory (" + when + ")", s.rssMegabytes(), "MB", null, 300.0, false);
        }
    }

    /**
     * Waits until {@code done} holds or {@code atMost} has passed, without failing: a scenario reports what it
     * measured by then. Polls every 50 ms at first and every hundredth of the time waited later (at most 500 ms):
     * most checks scrape a service's metrics, which cost it ~4% of its CPU at 20 a second through a 30 s history,
     * while a poll every 1% of the time waited adds at most 1% to a figure.
     */
    private static void waitUpTo(Duration atMost, Callable<Boolean> done) {
        long started = System.nanoTime();
        PollInterval hundredthOfWait = (polls, previous) -> Duration.ofNanos(
                Math.min(MAX_POLL.toNanos(), Math.max(MIN_POLL.toNanos(), (System.nanoTime() - started) / 100)));
        try {
            await().atMost(atMost).pollInterval(hundredthOfWait).until(done);
        } catch (ConditionTimeoutException late) {
            // measured as far as it got
        }
    }

    /**
     * Puts {@code records} (all on one topic) on the broker and waits until {@code count} rose by their number, or
     * {@code atMost} passed: how many per second it counted from the first send.
     */
    private static double perSecondUntilCounted(Pipeline p, List<ProducerRecord<byte[], byte[]>> records,
                                                Callable<Double> count, Duration atMost, String nothingCounted)
            throws Exception {
        double before = count.call();
        long start = System.nanoTime();
        KafkaTestClient.send(p.system.infra.kafkaBootstrapServers(), records.get(0).topic(), records, Map.of());
        waitUpTo(atMost, () -> count.call() - before >= records.size());
        double done = count.call() - before;
        assertTrue(done > 0, nothingCounted);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String json) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    private static double applied(Pipeline p) throws Exception {
        return p.rates.counter("tariffwatch_rates_events_applied_total");
    }

    private static String event(String id, String imposer, String partner, String measure, int rate) {
        return """
                {"id":"%s","kind":"HIKE","stage":"ENACTED","imposer":"%s","targets":["%s"],"measure":{"id":"%s"},
                 "rate":%d,"effectiveFrom":"2025-01-01T00:00:00Z","headline":"benchmark"}"""
                .formatted(id, imposer, partner, measure, rate);
    }

    private static void publish(Pipeline p, String event) throws Exception {
        send("POST", p.ingest.url("/api/v1/policy-events"), PUBLISHER_KEY, event, 202);
    }

    private static void send(String method, String url, String bearer, String body, int expected) throws Exception {
        HttpResponse<String> r = SystemHttp.send(method, url, bearer, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
