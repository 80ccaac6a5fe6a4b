package io.tariffwatch.system.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's table: each figure with the machine's ceiling for its kind of work and the ratio to it
 * (these machines are shared and noisy: ratios compare across runs better than figures), and the
 * issue's target. Printed, and written as Markdown and JSON.
 */
public final class BenchReport {
    /** One figure. {@code ceiling} and {@code ratio} are null where no ceiling applies; {@code higherIsBetter}
     * says which side of the target meets it. */
    public record Scenario(String name, String metric, double value, String unit, Double ceiling, Double ratio,
                           Double target, Boolean met) {
    }

    private final List<Scenario> scenarios = new ArrayList<>();

    public void add(String name, String metric, double value, String unit, Double ceiling, Double target,
                    boolean higherIsBetter) {
        Double ratio = ceiling == null || ceiling == 0 ? null : value / ceiling;
        Boolean met = target == null ? null : higherIsBetter ? value >= target : value <= target;
        scenarios.add(new Scenario(name, metric, round(value), unit, ceiling == null ? null : round(ceiling),
                ratio == null ? null : Math.round(ratio * 1000) / 1000.0, target, met));
        System.out.println("bench: " + row(scenarios.get(scenarios.size() - 1)));
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryMb", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / (1024 * 1024));
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    /** Writes {@code results.json} and {@code results.md} into {@code dir} and prints the table. */
    public void write(Path dir, String variant) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine());
        json.put("variant", variant);
        json.put("scenarios", scenarios);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json);
        StringBuilder md = new StringBuilder("| scenario | metric | value | ceiling | ratio | target | met |\n")
                .append("|---|---|---|---|---|---|---|\n");
        scenarios.forEach(s -> md.append(row(s)).append('\n'));
        Files.writeString(dir.resolve("results.md"), md);
        System.out.println("\nTariffWatch benchmark (" + variant + ") on " + machine() + "\n" + md);
    }

    private static String row(Scenario s) {
        return String.format(Locale.ROOT, "| %s | %s | %s %s | %s | %s | %s | %s |", s.name(), s.metric(), plain(s.value()),
                s.unit(), s.ceiling() == null ? "" : plain(s.ceiling()), s.ratio() == null ? "" : plain(s.ratio()),
                s.target() == null ? "" : plain(s.target()), s.met() == null ? "" : s.met() ? "yes" : "no");
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
