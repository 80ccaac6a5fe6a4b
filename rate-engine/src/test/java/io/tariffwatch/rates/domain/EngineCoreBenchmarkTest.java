package io.tariffwatch.rates.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link EngineCoreBenchmark}: briefly in {@code mvn verify} (a smoke run: it works and prints its
 * figures), properly with {@code -Dtariffwatch.bench=full} ({@code ./tariffwatch bench}). Writes the figures
 * to {@code target/bench/engine-core.md} at the repository root. Reports; asserts only that every benchmark ran.
 */
class EngineCoreBenchmarkTest {
    @Test
    void theDomainCoreBenchmarksRun() throws Exception {
        boolean full = "full".equals(System.getProperty("tariffwatch.bench"));
        Options options = new OptionsBuilder().include(EngineCoreBenchmark.class.getName())
                .forks(0).warmupIterations(full ? 2 : 1).measurementIterations(full ? 3 : 1)
                .warmupTime(TimeValue.milliseconds(full ? 2000 : 200))
                .measurementTime(TimeValue.milliseconds(full ? 3000 : 300)).shouldFailOnError(true).build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(7, results.size());
        String table = "| engine core (" + EngineCoreBenchmark.HISTORY + " events in the book; the crowded imposers "
                + EngineCoreBenchmark.CrowdedImposer.EVENTS + " and 30000; the many imposers "
                + EngineCoreBenchmark.ManyImposers.EVENTS + ") | ops/s |\n|---|---|\n"
                + results.stream().map(r -> String.format(Locale.ROOT, "| %s | %.0f |",
                        r.getParams().getBenchmark().replaceAll(".*\\.", ""), r.getPrimaryResult().getScore()))
                .collect(Collectors.joining("\n")) + "\n";
        Path dir = Path.of(System.getProperty("tariffwatch.root", "..")).resolve("target/bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("engine-core.md"), table);
        System.out.println(table);
    }
}
