package io.tariffwatch.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tariffwatch.events.Json;
import io.tariffwatch.local.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tariffwatch up} as a user runs it, on free ports and a data directory of its own: it says
 * "running" only once the demo is applied, restarts a service that dies, stops everything when its output
 * reader is gone and it is interrupted (`| tee` and Ctrl-C) or terminated, and cleans up after a launcher
 * that was killed.
 */
class LocalRunIT {
    private static final Path ROOT = Path.of(System.getProperty("tariffwatch.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START = Duration.ofMinutes(6);

    /** One launcher, its console lines read through a pipe as `| tee` would. */
    private static final class Launcher {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Launcher(Path data, Map<String, String> env, String... options) throws IOException {
            List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("tariffwatch").toString(), "up",
                    "--data", data.toString()));
            command.addAll(List.of(options));
            ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            process = pb.start();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the test closed the pipe on purpose
                }
            }, "tariffwatch-up-output");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String text, Duration within) {
            await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertTrue(process.isAlive() || said(text), "tariffwatch up exited:\n" + String.join("\n", lines));
                return said(text);
            });
        }

        boolean said(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        /** The reader goes away, as tee does on Ctrl-C. */
        void closeOutput() throws IOException {
            process.getInputStream().close();
        }

        void signal(String name) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        }

        /**
         * {@code preferred}, unless this launcher was started with it ignored — as everything started in the
         * background by a non-interactive shell or by nohup is, and a shell cannot trap a signal ignored at
         * its start — then SIGTERM, which stops it the same way.
         */
        String deliverable(String preferred, int number) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("SigIgn:") && (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0) {
                    System.out.println("LocalRunIT: SIG" + preferred + " is ignored in this environment; sending SIGTERM");
                    return "TERM";
                }
            }
            return preferred;
        }
    }

    private static Map<String, String> freePorts() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("KAFKA", "KAFKA_CONTROLLER", "POSTGRES", "SMTP", "MAIL_API", "INGEST", "ENGINE", "ALERTS", "DASHBOARD")) {
            env.put("TARIFFWATCH_" + name + "_PORT", Integer.toString(FreePorts.pick()));
        }
        return env;
    }

    /** The pids of run.state: launcher, infra, then the services in order. */
    private static List<Long> runState(Path data) throws IOException {
        return Files.readAllLines(data.resolve("run.state")).stream().map(l -> Long.parseLong(l.split(" ")[1])).toList();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean listening(String port) {
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAllStopped(List<Long> pids, Map<String, String> ports) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (long pid : pids) {
                assertFalse(alive(pid), "pid " + pid + " still runs");
            }
            ports.forEach((name, port) -> assertFalse(listening(port), name + " " + port + " still listening"));
        });
    }

    @Test
    void upSaysRunningWhenTheDemoIsAppliedRestartsWhatDiesAndStopsEverythingWhateverStopsIt(
            // its broker and PostgreSQL data (~80 MB) go when it passes; kept to look at when it fails
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path data) throws Exception {
        Map<String, String> env = freePorts();
        String engine = env.get("TARIFFWATCH_ENGINE_PORT");

        Launcher first = new Launcher(data, env);
        first.awaitLine("TariffWatch is running", START);
        HttpResponse<String> rates = get(engine, "/api/v1/rates/US/CN");
        assertEquals(200, rates.statusCode(), "the README's first curl, right after 'running': " + rates.body());
        JsonNode rate = Json.mapper().readTree(rates.body());
        assertTrue(rate.get("additional").decimalValue().signum() > 0, rates.body());
        HttpResponse<String> dashboard = get(env.get("TARIFFWATCH_DASHBOARD_PORT"), "/pair/US/CN");
        assertEquals(200, dashboard.statusCode(), "the dashboard runs beside the services");
        assertTrue(first.said("http://localhost:" + env.get("TARIFFWATCH_DASHBOARD_PORT") + "/"), "its URL is printed");

        // kill -9 the engine: it is restarted, the others keep running
        List<Long> pids = runState(data);
        long ingest = pids.get(2);
        long killedEngine = pids.get(3);
        ProcessHandle.of(killedEngine).orElseThrow().destroyForcibly();
        first.awaitLine("rate-engine (pid " + killedEngine + ") stopped", Duration.ofSeconds(30));
        first.awaitLine("rate-engine restarted", Duration.ofSeconds(30));
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            try {
                return get(engine, "/api/v1/rates/US/CN").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(alive(ingest), "policy-ingest was not touched");

        // kill -9 the launcher: what it leaves is found and stopped by the next up
        List<Long> orphans = runState(data);
        first.process.destroyForcibly().waitFor();
        assertTrue(orphans.subList(2, 6).stream().anyMatch(LocalRunIT::alive), "services outlive a killed launcher");

        Launcher second = new Launcher(data, env, "--no-demo");
        second.awaitLine("TariffWatch is running", START);
        assertTrue(second.said("stopping processes left on " + data), String.join("\n", second.lines));
        for (long pid : orphans.subList(2, 6)) {
            assertFalse(alive(pid), "left over from the killed launcher: " + pid);
        }

        // `| tee` and Ctrl-C: the reader is gone, then SIGINT (or SIGTERM where SIGINT is ignored)
        List<Long> running = runState(data);
        String interrupt = second.deliverable("INT", 2);
        second.closeOutput();
        second.signal(interrupt);
        assertTrue(second.process.waitFor(120, TimeUnit.SECONDS), "the launcher stops within its bounded time");
        assertAllStopped(running, env);
        assertFalse(Files.exists(data.resolve("run.state")));

        // SIGHUP (the terminal closed) stops everything too (SIGTERM where SIGHUP is ignored)
        Launcher third = new Launcher(data, env, "--no-demo");
        third.awaitLine("TariffWatch is running", START);
        List<Long> thirdPids = runState(data);
        third.signal(third.deliverable("HUP", 1));
        assertTrue(third.process.waitFor(120, TimeUnit.SECONDS), "the launcher stops within its bounded time");
        third.awaitLine("tariffwatch: stopped", Duration.ofSeconds(5));
        assertAllStopped(thirdPids, env);
    }
}
