package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;

import io.tariffwatch.local.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** One packaged TariffWatch service running as its own process, as in production. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The local run's file of a service's JVM options (README "Performance": what each option gained). */
    static final Path DEFAULT_JVM_OPTIONS = TariffWatchSystem.ROOT.resolve("deploy/local/service-java-options");
    /** A service's class-data archive, recorded by its first start after a build, as the local run does. */
    static final String TRAINED_ARCHIVE = "trained-cds.jsa";

    final String name;
    final int port;
    private final Process process;
    private final Path log;
    /** The class-data archive this start records, written by the JVM as it exits (null: it maps the trained one). */
    private final Path recording;
    private final long startedNanos = System.nanoTime();
    /** From the process start until its readiness check first answered 200. */
    Duration readyAfter;

    private ServiceProcess(String name, int port, Process process, Path log, Path recording) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.recording = recording;
    }

    /** Whether a module's packaged app has an archive newer than its jar: the build has not changed since. */
    static boolean hasTrainedArchive(String module) {
        return trainedArchiveIsFresh(appOf(TariffWatchSystem.ROOT, module));
    }

    private static boolean trainedArchiveIsFresh(Path app) {
        File archive = app.resolve(TRAINED_ARCHIVE).toFile();
        return archive.lastModified() > app.resolve("quarkus-run.jar").toFile().lastModified();
    }

    /** Recordings named after a test JVM that is gone (killed before it could keep or drop them); those of the local
     * run are named after its launcher's pid, and swept by it the same way. */
    private static void dropStaleRecordings(Path app) throws IOException {
        try (DirectoryStream<Path> recordings = Files.newDirectoryStream(app, "cds-training-*.jsa")) {
            for (Path recorded : recordings) {
                String owner = recorded.getFileName().toString().split("-")[2];
                if (ProcessHandle.of(Long.parseLong(owner)).isEmpty()) {
                    Files.deleteIfExists(recorded);
                }
            }
        }
    }

    private static Path appOf(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app").toAbsolutePath();
    }

    static ServiceProcess start(Path root, String module, Path logDir, Map<String, String> env) throws IOException {
        Path app = appOf(root, module);
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + "/quarkus-run.jar is missing: package the services first");
        }
        int port = FreePorts.pick();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(module + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions());
        Path recording = null;
        if (trainedArchiveIsFresh(app)) {
            // the archive names the jar relative to the app's directory: the JVM starts there
            command.add("-XX:SharedArchiveFile=" + TRAINED_ARCHIVE);
        } else {
            dropStaleRecordings(app);
            recording = app.resolve("cds-training-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".jsa");
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + recording.getFileName(), "-Xlog:cds=off"));
        }
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(app.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // as the local run: two malloc arenas unless the environment says otherwise
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return new ServiceProcess(module, port, pb.start(), log, recording);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        try {
            // polled often: the bench reports the time until ready
            await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(this::ready);
        } catch (ConditionTimeoutException notReady) {
            throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail());
        }
        readyAfter = Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Whether its readiness check answers 200; a process that exited fails the wait at once. */
    private boolean ready() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException notListening) {
            return false;
        }
    }

    /** Lines of the service's log that contain {@code text}: read without asking the service anything. */
    long logLines(String text) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The sum of a Prometheus counter's series on /q/metrics (all its tags). */
    double counter(String name) throws IOException, InterruptedException {
        return counter(name, "");
    }

    /** The sum of a Prometheus counter's series whose tags contain {@code tag}, e.g. {@code outcome="RETRY"}. */
    double counter(String name, String tag) throws IOException, InterruptedException {
        return sum(name, tag);
    }

    /** The sum of a Prometheus gauge's series whose tags contain {@code tag}, e.g. the heap's memory pools. */
    double gauge(String name, String tag) throws IOException, InterruptedException {
        return sum(name, tag);
    }

    private double sum(String name, String tag) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.substring(0, l.lastIndexOf(' ')).contains(tag))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Whether the JVM mapped the app's trained class-data archive (its memory maps name the file, Linux). */
    boolean mapsTrainedArchive() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "maps")).stream()
                .anyMatch(line -> line.endsWith("/" + TRAINED_ARCHIVE));
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory of the process in MB, from /proc (Linux). */
    long rssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + name);
    }

    /** As the local run starts a service; {@code TARIFFWATCH_JAVA_OPTS} replaces them, as in the local run, so that the
     * benchmark can compare settings. */
    static List<String> jvmOptions() throws IOException {
        String options = System.getenv("TARIFFWATCH_JAVA_OPTS");
        return List.of((options == null ? Files.readString(DEFAULT_JVM_OPTIONS) : options).trim().split("\\s+"));
    }

    /** kill -9: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException, IOException {
        process.destroyForcibly().waitFor();
        keepRecording();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        keepRecording();
    }

    /** The recorded archive becomes the app's only after a stop as asked (TERM, exit code 143) or by itself: an archive
     * cut short by a kill crashes every JVM that maps it. Replaced atomically: running JVMs keep the one they mapped. */
    private void keepRecording() throws IOException {
        if (recording == null || !Files.exists(recording)) {
            return;
        }
        if (process.exitValue() == 0 || process.exitValue() == 143) {
            Files.move(recording, recording.resolveSibling(TRAINED_ARCHIVE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.delete(recording);
        }
    }
}
