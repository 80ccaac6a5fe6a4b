package io.tariffwatch.support.quota;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One SmallRye Fault Tolerance rate limit per client (an API key's name, a client address). Fixed windows: a
 * client may spend its whole quota at once (a burst of subscriptions, a batch of publishes), and each one
 * costs a counter, not a timestamp per request as a rolling window would. {@code Retry-After} is the rest of
 * the window. The clients least recently seen are forgotten beyond {@code maxClients}, so that a flood of
 * addresses cannot grow the map; a forgotten client starts with a whole quota again.
 */
public final class ClientQuotas {
    private final String what;
    private final Quota quota;
    private final Map<String, Guard> byClient;

    public ClientQuotas(String what, Quota quota, int maxClients) {
        this.what = what;
        this.quota = quota;
        this.byClient = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Guard> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Counts one request of {@code client}; throws {@link QuotaExceeded} when it is over its quota. */
    public void admit(String client) {
        Guard guard;
        synchronized (byClient) {
            guard = byClient.computeIfAbsent(client, c -> Guard.create().withDescription(what + " of " + c)
                    .withRateLimit().limit(quota.requests()).window(quota.per().toMillis(), ChronoUnit.MILLIS)
                    .type(RateLimitType.FIXED).done().build());
        }
        try {
            guard.get(() -> Boolean.TRUE, Boolean.class);
        } catch (RateLimitException e) {
            throw new QuotaExceeded(what, quota, Duration.ofMillis(e.getRetryAfterMillis()));
        }
    }
}
