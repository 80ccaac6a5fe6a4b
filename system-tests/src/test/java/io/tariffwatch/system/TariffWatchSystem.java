package io.tariffwatch.system;

import io.tariffwatch.local.InfraProcess;
import io.tariffwatch.system.bench.PgStatements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The infrastructure plus packaged services, started as a user would run them, with their databases. */
final class TariffWatchSystem implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("tariffwatch.root", "..")).toAbsolutePath();

    final InfraProcess infra;
    private final Path logs;
    private final List<ServiceProcess> services = new ArrayList<>();

    private TariffWatchSystem(InfraProcess infra, Path logs) {
        this.infra = infra;
        this.logs = logs;
    }

    static TariffWatchSystem start(String name) throws Exception {
        Path work = Files.createDirectories(ROOT.resolve("system-tests/target/system-run"));
        Path dir = Files.createTempDirectory(work, name + "-");
        // ./tariffwatch bench --pg-statements: PostgreSQL keeps statistics of every statement
        InfraProcess infra = InfraProcess.start(dir.resolve("infra"), List.of("ingest", "rates", "alerts"),
                Boolean.getBoolean(PgStatements.ENABLED));
        return new TariffWatchSystem(infra, dir.resolve("logs"));
    }

    /** Starts a packaged service on its database ({@code ingest}, {@code rates}, {@code alerts}) and waits until
     * it is ready. */
    ServiceProcess service(String module, String database, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers(),
                "QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", infra.dbUsername(database),
                "QUARKUS_DATASOURCE_PASSWORD", infra.dbPassword(database),
                "QUARKUS_MAILER_HOST", "127.0.0.1",
                "QUARKUS_MAILER_PORT", Integer.toString(infra.smtpPort()),
                // the system tests play many clients from one address with one key: quotas out of their way
                "TARIFFWATCH_QUOTA_PER_KEY_REQUESTS", "1000000",
                "TARIFFWATCH_QUOTA_PER_ADDRESS_REQUESTS", "1000000",
                "TARIFFWATCH_QUOTA_NEW_SUBSCRIPTIONS_PER_ADDRESS_REQUESTS", "1000000"));
        env.putAll(extraEnv);
        if (Boolean.getBoolean("tariffwatch.bench.jfr")) {
            // ./tariffwatch bench --jfr: a profile of each service, written when it stops
            Path recordings = Files.createDirectories(ROOT.resolve("target/bench/jfr"));
            env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + recordings.resolve(module + "-" + System.nanoTime() + ".jfr"));
        }
        ServiceProcess s = ServiceProcess.start(ROOT, module, logs, env);
        services.add(s);
        s.awaitReady(Duration.ofSeconds(120));
        return s;
    }

    /** Where the services' logs are written. */
    Path logs() {
        return logs;
    }

    /** The data directory of the run's PostgreSQL server. */
    Path postgresDirectory() {
        return logs.resolveSibling("infra").resolve("postgres");
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess s : services) {
            s.close();
        }
        infra.close();
        // the run's broker and database data (0.3–5 GB after a bench run; runs piled up to fill the disk): only
        // the logs are kept, to read afterwards
        deleteInfraData(logs.resolveSibling("infra"));
    }

    /** An infrastructure's data directory, whole. */
    static void deleteInfraData(Path infraDirectory) throws IOException {
        try (Stream<Path> files = Files.walk(infraDirectory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
