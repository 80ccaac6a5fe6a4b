package io.tariffwatch.support.quota;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Bucket4j bucket per client (an API key's name, a client address), refilled whole at the end of each
 * window: a client may spend its quota in one burst (a batch of publishes, a few subscriptions at once), and
 * {@code Retry-After} is the time until its next refill. A bucket is a few lock-free counters, so the check
 * costs next to nothing on the hot paths (the rate API, publishing). The clients least recently seen are
 * forgotten beyond {@code maxClients}, so that a flood of addresses cannot grow the map; a forgotten client
 * starts with a whole quota again.
 */
public final class ClientQuotas {
    private final String what;
    private final Quota quota;
    private final Map<String, Bucket> byClient;

    public ClientQuotas(String what, Quota quota, int maxClients) {
        this.what = what;
        this.quota = quota;
        this.byClient = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Counts one request of {@code client}; throws {@link QuotaExceeded} when it is over its quota. */
    public void admit(String client) {
        Bucket bucket;
        synchronized (byClient) {
            bucket = byClient.computeIfAbsent(client, c -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(quota.requests()).refillIntervally(quota.requests(), quota.per()))
                    .build());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new QuotaExceeded(what, quota, Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
