package io.tariffwatch.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tariffwatch.local.InfraProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker, a real PostgreSQL database and a real SMTP server,
 * started once per test JVM as a separate process. Init arg {@code database}: the service's database name.
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {
    private static InfraProcess infra;
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (infra == null) {
                Path data = Files.createTempDirectory(Path.of("target"), "test-infra-");
                infra = InfraProcess.start(data, List.of(database));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl(database));
        config.put("quarkus.datasource.username", infra.dbUsername(database));
        config.put("quarkus.datasource.password", infra.dbPassword(database));
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(infra.smtpPort()));
        config.put("quarkus.mailer.mock", "false");
        config.put("test.mail-api-url", infra.mailApiUrl());
        return config;
    }

    /** The running infrastructure, for tests that talk to the broker or read the inbox directly. */
    public static synchronized InfraProcess infra() {
        return infra;
    }

    @Override
    public synchronized void stop() {
        if (infra != null) {
            try {
                infra.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            infra = null;
        }
    }
}
