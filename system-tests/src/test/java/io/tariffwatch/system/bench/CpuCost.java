package io.tariffwatch.system.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a stretch of work cost each process of a run in CPU, per unit of work (an event applied, a webhook
 * delivered): steadier than a rate on shared cores whose speed moves between runs, and it names the process to
 * profile next. Read at the start and at the report, from {@code /proc} ({@link ProcessCpu}).
 */
public final class CpuCost {
    /** A process's CPU seconds so far. */
    @FunctionalInterface
    public interface Reading {
        double seconds() throws IOException;
    }

    private final Map<String, Reading> processes;
    private final Map<String, Double> atStart = new LinkedHashMap<>();

    private CpuCost(Map<String, Reading> processes) {
        this.processes = processes;
    }

    /** Starts counting for these processes, by name, in the order they are reported. */
    public static CpuCost from(Map<String, Reading> processes) throws IOException {
        CpuCost cost = new CpuCost(processes);
        for (Map.Entry<String, Reading> p : processes.entrySet()) {
            cost.atStart.put(p.getKey(), p.getValue().seconds());
        }
        return cost;
    }

    /** Microseconds of CPU per unit since the start, each process's. */
    public Map<String, Double> perUnit(double units) throws IOException {
        Map<String, Double> micros = new LinkedHashMap<>();
        for (Map.Entry<String, Reading> p : processes.entrySet()) {
            micros.put(p.getKey(), 1e6 * (p.getValue().seconds() - atStart.get(p.getKey())) / Math.max(1, units));
        }
        return micros;
    }

    /** One row: the total per unit as its value, each process's part in its metric. */
    public void report(BenchReport report, String scenario, String unit, double units) throws IOException {
        Map<String, Double> micros = perUnit(units);
        StringJoiner parts = new StringJoiner(" · ", "", " µs; all");
        micros.forEach((name, spent) -> parts.add(name + " " + Math.round(spent)));
        double total = micros.values().stream().mapToDouble(Double::doubleValue).sum();
        report.add(scenario + ": CPU per " + unit, parts.toString(), total, "µs", null, null, false);
    }
}
