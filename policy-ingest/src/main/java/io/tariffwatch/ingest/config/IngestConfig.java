package io.tariffwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tariffwatch.support.quota.Quota;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "tariffwatch")
public interface IngestConfig {
    /** TARIFFWATCH_PUBLISHER_KEY: created at start as a {@code publisher} key if it does not exist. */
    Optional<String> publisherKey();

    /** TARIFFWATCH_READER_KEY: created at start as a {@code reader} key if it does not exist (the dashboard's). */
    Optional<String> readerKey();

    /** TARIFFWATCH_ADMIN_KEY: created at start as an {@code admin} key if it does not exist. */
    Optional<String> adminKey();

    Quotas quota();

    ApiKeys apiKeys();

    interface ApiKeys {
        /** TARIFFWATCH_API_KEYS_RECHECK_AFTER: how long a key found live is trusted without looking it up again;
         * a revocation through another policy-ingest instance takes up to this long to refuse it (0s: every request
         * looks its key up). */
        @WithDefault("5s")
        Duration recheckAfter();
    }

    interface Quotas {
        /** TARIFFWATCH_QUOTA_PER_KEY_REQUESTS and _PER: requests one API key may make per window; 429 beyond. */
        Quota perKey();
    }
}
