package io.tariffwatch.support.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;

/** The heap as the JVM reports it at an instant: the collections so far (all collectors) and the memory committed. */
record HeapReading(Instant at, long collections, long committedBytes, long usedBytes) {

    static HeapReading now(Clock clock) {
        long collections = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, collector.getCollectionCount());
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new HeapReading(clock.instant(), collections, heap.getCommitted(), heap.getUsed());
    }
}
