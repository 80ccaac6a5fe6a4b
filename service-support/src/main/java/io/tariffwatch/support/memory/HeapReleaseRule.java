package io.tariffwatch.support.memory;

import java.time.Duration;
import java.time.Instant;

/**
 * When to give heap back: the committed heap has grown by at least a minimum since the last release (or the first
 * reading), and no collection has run for a while — a burst grew the heap and is over. A service under steady load
 * collects all the time and keeps its heap; one at rest collects rarely and has not grown, so it is left alone too.
 * Readings come at intervals, so a collection counts from the reading that first saw it.
 */
final class HeapReleaseRule {
    private final Duration quietFor;
    private final long minGrowthBytes;
    /** The committed heap growth is measured from: after the last release, or lower if the collector shrank it. */
    private long baselineBytes;
    private long collectionsSeen;
    private Instant collectionSeenAt;

    HeapReleaseRule(Duration quietFor, long minGrowthBytes, HeapReading first) {
        this.quietFor = quietFor;
        this.minGrowthBytes = minGrowthBytes;
        settled(first);
    }

    boolean releaseNow(HeapReading now) {
        baselineBytes = Math.min(baselineBytes, now.committedBytes());
        if (now.collections() != collectionsSeen) {
            collectionsSeen = now.collections();
            collectionSeenAt = now.at();
            return false;
        }
        return !now.at().isBefore(collectionSeenAt.plus(quietFor))
                && now.committedBytes() - baselineBytes >= minGrowthBytes;
    }

    /** The heap after a release (its own collections included): growth counts from here. */
    void settled(HeapReading after) {
        baselineBytes = after.committedBytes();
        collectionsSeen = after.collections();
        collectionSeenAt = after.at();
    }
}
