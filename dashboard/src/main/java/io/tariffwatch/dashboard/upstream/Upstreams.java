package io.tariffwatch.dashboard.upstream;

import io.tariffwatch.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The three services behind the pages, each with its own deadline and circuit breaker. */
@ApplicationScoped
public class Upstreams {
    @Produces
    @Singleton
    @Named("rate-engine")
    Upstream rateEngine(DashboardConfig config) {
        return new Upstream("the rate engine", config.callTimeout());
    }

    @Produces
    @Singleton
    @Named("alert-service")
    Upstream alertService(DashboardConfig config) {
        return new Upstream("the alert service", config.callTimeout());
    }

    @Produces
    @Singleton
    @Named("policy-ingest")
    Upstream policyIngest(DashboardConfig config) {
        return new Upstream("policy-ingest", config.callTimeout());
    }
}
