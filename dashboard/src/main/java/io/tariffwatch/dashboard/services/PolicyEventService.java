package io.tariffwatch.dashboard.services;

import io.tariffwatch.dashboard.clients.PolicyEventsClient;
import io.tariffwatch.dashboard.config.DashboardConfig;
import io.tariffwatch.dashboard.upstream.Fetched;
import io.tariffwatch.dashboard.upstream.Upstream;
import io.tariffwatch.events.PolicyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The latest policy events, read from policy-ingest with the dashboard's reader key. */
@ApplicationScoped
public class PolicyEventService {
    private final PolicyEventsClient events;
    private final Upstream ingest;
    private final DashboardConfig config;

    PolicyEventService(@RestClient PolicyEventsClient events, @Named("policy-ingest") Upstream ingest,
                       DashboardConfig config) {
        this.events = events;
        this.ingest = ingest;
        this.config = config;
    }

    /** The {@code count} events published last, newest first; none without a reader key. */
    public Fetched<List<PolicyEvent>> latest(String imposer, int count) {
        if (config.ingestKey().isEmpty()) {
            return Fetched.of(List.of());
        }
        String bearer = "Bearer " + config.ingestKey().get();
        return ingest.fetch(() -> {
            long total = events.list(bearer, imposer, 0, 1).total();
            int lastPage = (int) Math.max(0, (total - 1) / count);
            List<PolicyEvent> newest = new ArrayList<>(events.list(bearer, imposer, lastPage, count).items());
            if (newest.size() < count && lastPage > 0) {
                newest.addAll(0, events.list(bearer, imposer, lastPage - 1, count).items());
            }
            Collections.reverse(newest);
            return newest.subList(0, Math.min(count, newest.size()));
        });
    }
}
