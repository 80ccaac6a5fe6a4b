package io.tariffwatch.support.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "tariffwatch.outbox")
public interface OutboxConfig {
    /** The CloudEvents {@code ce_source} of this service's records, e.g. {@code /tariffwatch/policy-ingest}. */
    String source();

    /** Records published per relay transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long to wait for the broker to acknowledge one batch. */
    @WithDefault("30s")
    Duration sendTimeout();
}
