package io.tariffwatch.support.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * A full collection after which the collector keeps little free heap, its free-heap bounds restored afterwards.
 * After a collection the serial (and parallel) collector shrinks the heap to keep at most {@code MaxHeapFreeRatio}
 * of it free, 70% by default — so a heap grown by a burst stays committed. The bounds are manageable flags: lowered
 * for this collection only, since keeping them low costs collections under load (README, "Tried, not kept").
 */
final class HeapShrink {
    /** Free heap kept after the release, in percent: room for the next requests without a collection at once. */
    private static final String MIN_FREE_PERCENT = "10";
    private static final String MAX_FREE_PERCENT = "20";
    /** Without {@code -XX:-ShrinkHeapInSteps} the JVM shrinks by 0, 10, 40 and 100% of the excess in successive
     * full collections. */
    private static final int COLLECTIONS_IN_STEPS = 4;

    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    /** @throws IllegalArgumentException if this JVM does not have or cannot change the flags */
    void run() {
        String minFree = vm.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = vm.getVMOption("MaxHeapFreeRatio").getValue();
        int collections = Boolean.parseBoolean(vm.getVMOption("ShrinkHeapInSteps").getValue()) ? COLLECTIONS_IN_STEPS : 1;
        // the minimum lowered first and the maximum restored first: the JVM refuses a minimum above the maximum
        vm.setVMOption("MinHeapFreeRatio", MIN_FREE_PERCENT);
        try {
            vm.setVMOption("MaxHeapFreeRatio", MAX_FREE_PERCENT);
            try {
                for (int i = 0; i < collections; i++) {
                    System.gc();
                }
            } finally {
                vm.setVMOption("MaxHeapFreeRatio", maxFree);
            }
        } finally {
            vm.setVMOption("MinHeapFreeRatio", minFree);
        }
    }
}
