package io.tariffwatch.support.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox of a service that publishes: opt-in at build time ({@code tariffwatch.outbox.enabled=true} in its
 * application.properties, with the {@code outbox} channel and the {@code db/outbox} migrations). */
@ConfigMapping(prefix = "tariffwatch.outbox")
public interface OutboxConfig {
    /** Build-time switch of the outbox's beans. */
    String ENABLED = "tariffwatch.outbox.enabled";
    /** The poll's default, here once: the relay's {@code @Scheduled} expression names it too. */
    String DEFAULT_POLL_INTERVAL = "1s";

    /** The CloudEvents {@code ce_source} of this service's records, e.g. {@code /tariffwatch/policy-ingest}. */
    String source();

    /** Records published per relay transaction. */
    @WithDefault("200")
    int batchSize();

    /** How often the relay looks for records waiting (the safety net beside the wake-up after each commit). */
    @WithDefault(DEFAULT_POLL_INTERVAL)
    Duration pollInterval();

    /** How long to wait for the broker to acknowledge one batch. */
    @WithDefault("30s")
    Duration sendTimeout();
}
