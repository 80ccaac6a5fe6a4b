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

    /* The services' base URLs (env TARIFFWATCH_DASHBOARD_RATES_URL, …): the REST clients' url settings expand them;
     * declared here so that a start without one fails at once, naming it, instead of at a page's first call. */

    String ratesUrl();

    String alertsUrl();

    String ingestUrl();
}
