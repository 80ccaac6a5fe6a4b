package io.tariffwatch.ingest.feeds;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The feed watcher's settings (env TARIFFWATCH_FEEDS_*; README "Feeds"). */
@ConfigMapping(prefix = "tariffwatch.feeds")
public interface FeedsConfig {
    /** Off unless asked for: these machines, and tests, have no internet. */
    @WithDefault("false")
    boolean enabled();

    /** How often each watch polls (read by the scheduler as {@code tariffwatch.feeds.interval}). */
    @WithDefault("5m")
    Duration interval();

    /** The search term of both document watches (the API's full-text syntax, e.g. {@code tariff | duties}). */
    @WithDefault("tariff")
    String term();

    /** Agencies (the API's slugs) whose documents the agency watch reads; public inspection keeps theirs too. */
    @WithDefault("trade-representative-office-of-united-states,u-s-customs-and-border-protection,international-trade-administration")
    List<String> agencies();

    /** How far back the first poll of a watch reads published documents. */
    @WithDefault("7d")
    Duration firstLookBack();

    /** Documents per page (the API allows up to 1,000). */
    @WithDefault("100")
    int pageSize();

    /** Pages one poll of one watch reads at most; the rest waits for the next poll (the cursor says where). */
    @WithDefault("20")
    int maxPagesPerPoll();
}
