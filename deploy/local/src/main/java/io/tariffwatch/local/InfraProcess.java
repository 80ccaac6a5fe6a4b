package io.tariffwatch.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link LocalInfra} as a separate JVM and reads back where everything listens. Uses only the
 * JDK, so that a test can depend on this jar without taking Kafka's or PostgreSQL's jars onto its own
 * classpath (the infrastructure JVM's classpath is recorded in the jar at build time).
 */
public final class InfraProcess implements AutoCloseable {
    private static final String CLASSPATH_RESOURCE = "tariffwatch-infra.classpath";
    private static final String JAVA_OPTIONS_RESOURCE = "infra-java-options";

    private final Process process;
    private final Properties properties;
    private final Path data;

    private InfraProcess(Process process, Properties properties, Path data) {
        this.process = process;
        this.properties = properties;
        this.data = data;
    }

    /** Starts everything on free ports with its state in {@code data}. */
    public static InfraProcess start(Path data, List<String> databases) throws IOException, InterruptedException {
        return start(data, databases, false);
    }

    /** @param statements PostgreSQL keeps statistics of every statement ({@code pg_stat_statements}) */
    public static InfraProcess start(Path data, List<String> databases, boolean statements)
            throws IOException, InterruptedException {
        return start(data, Map.of("databases", String.join(",", databases), "kafka-port", "0",
                "kafka-controller-port", "0", "postgres-port", "0", "smtp-port", "0", "mail-api-port", "0",
                "postgres-statements", Boolean.toString(statements)));
    }

    public static InfraProcess start(Path data, Map<String, String> options) throws IOException, InterruptedException {
        Files.createDirectories(data);
        Path propertiesFile = data.resolve(LocalInfra.PROPERTIES_FILE);
        Files.deleteIfExists(propertiesFile);
        List<String> command = new ArrayList<>(List.of(KafkaBroker.javaBinary()));
        command.addAll(javaOptions());
        command.addAll(List.of("-cp", classpath(), LocalInfra.class.getName(), "--data", data.toString(),
                "--control", "stdin"));
        options.forEach((k, v) -> {
            command.add("--" + k);
            command.add(v);
        });
        Path log = data.resolve("infra.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(propertiesFile)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("local infrastructure exited with " + process.exitValue()
                        + ":\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("local infrastructure not ready after 180 s:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        Properties properties = new Properties();
        try (Reader r = Files.newBufferedReader(propertiesFile)) {
            properties.load(r);
        }
        return new InfraProcess(process, properties, data);
    }

    /** Stops the broker (the services see it go away); {@link #startKafka} brings it back on the same port. */
    public void stopKafka() throws IOException, InterruptedException {
        control("kafka stop", LocalInfra.KAFKA_STATE_FILE, "stopped");
    }

    public void startKafka() throws IOException, InterruptedException {
        control("kafka start", LocalInfra.KAFKA_STATE_FILE, "running");
    }

    /** Stops the PostgreSQL server (every service's database goes away); {@link #startPostgres} brings it back
     * on the same port with the same data. */
    public void stopPostgres() throws IOException, InterruptedException {
        control("postgres stop", LocalInfra.POSTGRES_STATE_FILE, "stopped");
    }

    public void startPostgres() throws IOException, InterruptedException {
        control("postgres start", LocalInfra.POSTGRES_STATE_FILE, "running");
    }

    private void control(String command, String stateName, String state) throws IOException, InterruptedException {
        Path stateFile = data.resolve(stateName);
        Files.deleteIfExists(stateFile);
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(stateFile) || !Files.readString(stateFile).equals(state)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("'" + command + "' did not complete; see " + data.resolve("infra.log"));
            }
            Thread.sleep(100);
        }
    }

    /** The infrastructure JVM's process id: GreenMail and the inbox run in it, the broker below it. */
    public long pid() {
        return process.pid();
    }

    public String kafkaBootstrapServers() {
        return properties.getProperty("kafka.bootstrap.servers");
    }

    public String jdbcUrl(String database) {
        return properties.getProperty("postgres." + database + ".url");
    }

    public String dbUsername(String database) {
        return properties.getProperty("postgres." + database + ".username");
    }

    public String dbPassword(String database) {
        return properties.getProperty("postgres." + database + ".password");
    }

    public int smtpPort() {
        return Integer.parseInt(properties.getProperty("smtp.port"));
    }

    /** The HTTP inbox: GET lists received e-mails as JSON, DELETE empties it. */
    public String mailApiUrl() {
        return properties.getProperty("mail.api.url");
    }

    /**
     * The infrastructure JVM's options, shared with {@code ./tariffwatch up}: C1 only, as the services — the SMTP
     * server's code is compiled during the e-mail bursts it serves, and C2 took half of its CPU in the bench's e-mail
     * fan-out.
     */
    static List<String> javaOptions() throws IOException {
        return List.of(resource(JAVA_OPTIONS_RESOURCE).trim().split("\\s+"));
    }

    private static String resource(String name) throws IOException {
        URL resource = InfraProcess.class.getClassLoader().getResource(name);
        if (resource == null) {
            throw new IllegalStateException(name + " missing: build deploy/local first");
        }
        try (InputStream in = resource.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The classpath of the infrastructure JVM: this jar (or classes directory) plus its recorded dependencies. */
    static String classpath() throws IOException {
        String dependencies = resource(CLASSPATH_RESOURCE).trim();
        try {
            Path self = Path.of(InfraProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + dependencies;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
