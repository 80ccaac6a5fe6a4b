package io.tariffwatch.ingest.feeds;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** The scheduled poll runs only with {@code TARIFFWATCH_FEEDS_ENABLED=true}. */
@Singleton
public class FeedsOff implements Scheduled.SkipPredicate {
    private final FeedsConfig config;

    FeedsOff(FeedsConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.enabled();
    }
}
