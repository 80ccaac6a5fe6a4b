package io.tariffwatch.support.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On this module's test JVM: the serial collector, as the services run (the pom's surefire {@code argLine}). */
class HeapShrinkTest {
    private static final long MB = 1024 * 1024;
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @Test
    void givesBackTheHeapABurstGrewAndLeavesTheFreeHeapBoundsAsTheyWere() {
        String minFree = vm.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = vm.getVMOption("MaxHeapFreeRatio").getValue();
        long grown = committedAfterABurst(200);
        assertTrue(grown >= 200 * MB, "the burst grew the heap to " + grown / MB + " MB");

        new HeapShrink().run();

        long after = memory.getHeapMemoryUsage().getCommitted();
        long used = memory.getHeapMemoryUsage().getUsed();
        assertTrue(after <= grown - 150 * MB, "committed " + grown / MB + " → " + after / MB + " MB");
        assertTrue(after - used <= after / 2, "little free heap kept: " + (after - used) / MB + " of " + after / MB + " MB");
        assertEquals(minFree, vm.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(maxFree, vm.getVMOption("MaxHeapFreeRatio").getValue());
    }

    /** Holds that many megabytes at once, then drops them: the heap is committed, the objects garbage. */
    private long committedAfterABurst(int megabytes) {
        List<byte[]> held = new ArrayList<>(megabytes);
        for (int i = 0; i < megabytes; i++) {
            held.add(new byte[(int) MB]);
        }
        long committed = memory.getHeapMemoryUsage().getCommitted();
        held.clear();
        return committed;
    }
}
