package io.tariffwatch.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/** A single-node KRaft broker in a JVM of its own (keeps Scala and the broker's heap out of ours). */
final class KafkaBroker implements AutoCloseable {
    private static final String READY_LINE = "Kafka Server started";

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String heap;
    private Process process;

    KafkaBroker(Path dir, int port, int controllerPort, String heap) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    synchronized void start(Path logFile) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path clusterIdFile = dir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        Path config = writeServerProperties();

        // C1 only, as the services: on two cores a fresh broker's C2 compilations had taken half of its CPU through
        // a bench run's publishing (README "What each fix gained")
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms128m", "-Xmx" + heap,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(), clusterId, config.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();

        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> pumpOutput(logFile, ready), "kafka-broker-output");
        pump.setDaemon(true);
        pump.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + logFile);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka broker not ready after 120 s; see " + logFile);
            }
        }
    }

    /** Creates the topics that are missing: name → partition count. */
    void createTopics(Map<String, Integer> topics) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (Map.Entry<String, Integer> topic : topics.entrySet()) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.getKey(), topic.getValue(), (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private Path writeServerProperties() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // as in production: a topic the deployment does not declare does not exist (a missing one shows in tests)
        p.setProperty("auto.create.topics.enable", "false");
        Path file = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "written by TariffWatch local-infra");
        }
        return file;
    }

    private void pumpOutput(Path logFile, CountDownLatch ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                if (line.contains(READY_LINE)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            System.err.println("tariffwatch: lost the broker's output: " + e.getMessage());
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
