package io.tariffwatch.dashboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The dashboard's settings (env TARIFFWATCH_DASHBOARD_*). */
@ConfigMapping(prefix = "tariffwatch.dashboard")
public interface DashboardConfig {
    /** How long a page waits for one service before it says that part is unavailable. */
    @WithDefault("4s")
    Duration callTimeout();

    /** A reader key of policy-ingest, for the latest policy events on the Now page (left out without one). */
    Optional<String> ingestKey();

    String ratesUrl();

    String alertsUrl();

    String ingestUrl();
}
