package io.tariffwatch.support.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Giving heap back to the machine once a burst is over (README "Operations"). */
@ConfigMapping(prefix = "tariffwatch.heap-release")
public interface HeapReleaseConfig {
    /** The check's default, here once: the {@code @Scheduled} expression names it too. */
    String DEFAULT_CHECK_EVERY = "5s";

    @WithDefault("true")
    boolean enabled();

    /** How often the heap is looked at. */
    @WithDefault(DEFAULT_CHECK_EVERY)
    Duration checkEvery();

    /** How long without a garbage collection counts as the burst being over. */
    @WithDefault("10s")
    Duration quietFor();

    /** How much the committed heap must have grown since the last release (or the start) to be worth one. */
    @WithDefault("32")
    int minGrowthMegabytes();
}
