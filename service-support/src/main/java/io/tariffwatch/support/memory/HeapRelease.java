package io.tariffwatch.support.memory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Gives the heap a burst grew back to the machine once the burst is over ({@link HeapReleaseRule}): one full
 * collection that leaves little free heap ({@link HeapShrink}), a fraction of a second of one core per burst. The
 * serial collector would otherwise keep a burst's heap committed for good (README "Operations").
 */
@ApplicationScoped
public class HeapRelease {
    private static final Logger LOG = Logger.getLogger(HeapRelease.class);
    private static final long MEGABYTE = 1024 * 1024;

    private final HeapReleaseConfig config;
    private final Clock clock;
    private final HeapShrink shrink = new HeapShrink();
    private final Counter releases;
    private final Counter releasedBytes;
    /** Set by the first check: readings start once the service runs. */
    private HeapReleaseRule rule;
    private boolean unsupported;

    HeapRelease(HeapReleaseConfig config, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.clock = clock;
        this.releases = Counter.builder("tariffwatch.heap.releases")
                .description("full collections run to give heap back after a burst").register(meters);
        this.releasedBytes = Counter.builder("tariffwatch.heap.released").baseUnit("bytes")
                .description("committed heap given back by those collections").register(meters);
    }

    @Scheduled(every = "${tariffwatch.heap-release.check-every:" + HeapReleaseConfig.DEFAULT_CHECK_EVERY + "}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (!config.enabled() || unsupported) {
            return;
        }
        HeapReading now = HeapReading.now(clock);
        if (rule == null) {
            rule = new HeapReleaseRule(config.quietFor(), config.minGrowthMegabytes() * MEGABYTE, now);
        } else if (rule.releaseNow(now)) {
            release(now);
        }
    }

    private void release(HeapReading before) {
        long started = System.nanoTime();
        try {
            shrink.run();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            unsupported = true;
            LOG.warnf("heap release off: this JVM does not let the free-heap bounds change (%s)", e.getMessage());
            return;
        }
        HeapReading after = HeapReading.now(clock);
        rule.settled(after);
        releases.increment();
        releasedBytes.increment(Math.max(0, before.committedBytes() - after.committedBytes()));
        LOG.infof("heap given back after %d s without a collection: committed %d → %d MB, %d MB in use, in %d ms",
                config.quietFor().toSeconds(), before.committedBytes() / MEGABYTE, after.committedBytes() / MEGABYTE,
                after.usedBytes() / MEGABYTE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
