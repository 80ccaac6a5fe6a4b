package io.tariffwatch.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs TariffWatch's infrastructure on this machine without Docker: a Kafka broker (KRaft, its own JVM),
 * PostgreSQL with one database per service, and an SMTP server with an HTTP inbox. When everything is
 * up it writes {@code <data>/infra.properties} (the ports and URLs) and prints {@value #READY}; it stops
 * everything on SIGTERM/Ctrl-C or when the process that started it ends.
 *
 * <p>Options (a port of 0 picks a free one): {@code --data DIR --kafka-port 9092 --kafka-controller-port 9093
 * --postgres-port 5432 --databases a,b --smtp-port 3025 --mail-api-port 8025
 * --topics name:partitions,... --kafka-heap 512m --postgres-statements false} (true: PostgreSQL keeps statistics of
 * every statement, {@code pg_stat_statements}).
 */
public final class LocalInfra {
    public static final String READY = "TARIFFWATCH INFRA READY";
    public static final String PROPERTIES_FILE = "infra.properties";
    public static final String KAFKA_STATE_FILE = "kafka.state";
    public static final String POSTGRES_STATE_FILE = "postgres.state";
    public static final String DEFAULT_TOPICS = "policy.events.inbound:3,policy.events:3,policy.events.rejected:1,"
            + "tariff.rate-changes:3,tariff.notices:3,policy.documents:1,policy.events.dlq.rate-engine:1,"
            + "tariff.rate-changes.dlq.alert-service:1,tariff.notices.dlq.alert-service:1,policy.events.dlq.alert-service:1,"
            + "policy.documents.dlq.alert-service:1";

    private final List<AutoCloseable> started = new ArrayList<>();
    private KafkaBroker kafka;
    private LocalPostgres postgres;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        LocalInfra infra = new LocalInfra();
        Runtime.getRuntime().addShutdownHook(new Thread(infra::stop, "tariffwatch-infra-stop"));
        ParentWatch.exitWhenParentDies();
        try {
            infra.start(options);
        } catch (Exception e) {
            System.err.println("tariffwatch: infrastructure failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(READY);
        System.out.flush();
        if ("stdin".equals(options.get("control"))) {
            infra.obeyStdin(Path.of(options.get("data")).toAbsolutePath());
        }
        Thread.currentThread().join();
    }

    /**
     * Test control (option {@code --control stdin}): the lines {@code kafka stop} and {@code kafka start} stop
     * and restart the broker on the same ports, {@code postgres stop} and {@code postgres start} the database
     * server, for tests of what services do while one is away. Each command writes {@value #KAFKA_STATE_FILE}
     * or {@value #POSTGRES_STATE_FILE} ({@code stopped} or {@code running}) when it is done.
     */
    private void obeyStdin(Path data) {
        Thread control = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in))) {
                String line;
                while ((line = in.readLine()) != null) {
                    switch (line.trim()) {
                        case "kafka stop" -> {
                            kafka.close();
                            Files.writeString(data.resolve(KAFKA_STATE_FILE), "stopped");
                        }
                        case "kafka start" -> {
                            kafka.start(data.resolve("kafka.log"));
                            Files.writeString(data.resolve(KAFKA_STATE_FILE), "running");
                        }
                        case "postgres stop" -> {
                            postgres.close();
                            Files.writeString(data.resolve(POSTGRES_STATE_FILE), "stopped");
                        }
                        case "postgres start" -> {
                            postgres.restart();
                            Files.writeString(data.resolve(POSTGRES_STATE_FILE), "running");
                        }
                        default -> System.err.println("tariffwatch: unknown control command: " + line);
                    }
                }
            } catch (Exception e) {
                System.err.println("tariffwatch: control failed: " + e);
            }
        }, "tariffwatch-infra-control");
        control.setDaemon(true);
        control.start();
    }

    private void start(Map<String, String> options) throws Exception {
        Path data = Path.of(require(options, "data")).toAbsolutePath();
        Files.createDirectories(data);
        Properties out = new Properties();

        kafka = new KafkaBroker(data.resolve("kafka"), port(options, "kafka-port", 9092),
                port(options, "kafka-controller-port", 9093), options.getOrDefault("kafka-heap", "512m"));
        started.add(kafka);
        kafka.start(data.resolve("kafka.log"));
        kafka.createTopics(topics(options.getOrDefault("topics", DEFAULT_TOPICS)));
        out.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());

        List<String> databases = Arrays.stream(options.getOrDefault("databases", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        postgres = new LocalPostgres(data.resolve("postgres"), port(options, "postgres-port", 5432),
                Boolean.parseBoolean(options.getOrDefault("postgres-statements", "false")));
        started.add(postgres);
        postgres.start(databases);
        out.setProperty("postgres.port", Integer.toString(postgres.port()));
        for (String db : databases) {
            out.setProperty("postgres." + db + ".url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + db);
            out.setProperty("postgres." + db + ".username", db);
            out.setProperty("postgres." + db + ".password", db);
        }

        LocalMail mail = new LocalMail(port(options, "smtp-port", 3025), port(options, "mail-api-port", 8025));
        started.add(mail);
        mail.start();
        out.setProperty("smtp.host", "127.0.0.1");
        out.setProperty("smtp.port", Integer.toString(mail.smtpPort()));
        out.setProperty("mail.api.url", "http://127.0.0.1:" + mail.apiPort() + "/api/messages");

        // Written whole, then renamed, so a reader never sees half a file.
        Path tmp = data.resolve(PROPERTIES_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            out.store(w, "TariffWatch local infrastructure");
        }
        Files.move(tmp, data.resolve(PROPERTIES_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("tariffwatch: stopping " + started.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        started.clear();
    }

    private static Map<String, Integer> topics(String spec) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split(":");
            topics.put(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
        }
        return topics;
    }

    private static int port(Map<String, String> options, String name, int defaultPort) throws IOException {
        int port = Integer.parseInt(options.getOrDefault(name, Integer.toString(defaultPort)));
        return port != 0 ? port : FreePorts.pick();
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
