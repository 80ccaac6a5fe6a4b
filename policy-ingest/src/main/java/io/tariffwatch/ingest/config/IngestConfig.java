package io.tariffwatch.ingest.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "tariffwatch")
public interface IngestConfig {
    /** TARIFFWATCH_PUBLISHER_KEY: created at start as a {@code publisher} key if it does not exist. */
    Optional<String> publisherKey();

    /** TARIFFWATCH_ADMIN_KEY: created at start as an {@code admin} key if it does not exist. */
    Optional<String> adminKey();
}
