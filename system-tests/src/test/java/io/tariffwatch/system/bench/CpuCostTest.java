package io.tariffwatch.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuCostTest {
    @Test
    void eachProcessesCpuSinceTheStartPerUnitAndTheirTotalMakeOneRow() throws Exception {
        AtomicReference<Double> engine = new AtomicReference<>(10.0);
        AtomicReference<Double> postgres = new AtomicReference<>(3.0);
        Map<String, CpuCost.Reading> processes = new LinkedHashMap<>();
        processes.put("rate-engine", engine::get);
        processes.put("PostgreSQL", postgres::get);
        CpuCost cost = CpuCost.from(processes);
        engine.set(10.5);
        postgres.set(3.25);

        BenchReport report = new BenchReport();
        cost.report(report, "replay", "event", 1_000);

        BenchReport.Scenario row = report.scenarios().get(0);
        assertEquals("replay: CPU per event", row.name());
        assertEquals("rate-engine 500 · PostgreSQL 250 µs; all", row.metric());
        assertEquals(750.0, row.value());
        assertEquals("µs", row.unit());
        assertEquals(List.of(500.0, 250.0), List.copyOf(cost.perUnit(1_000).values()));
    }
}
