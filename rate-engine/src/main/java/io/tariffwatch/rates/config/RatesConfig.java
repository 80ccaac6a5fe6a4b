package io.tariffwatch.rates.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tariffwatch.support.quota.Quota;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "tariffwatch")
public interface RatesConfig {
    /** TARIFFWATCH_ADMIN_KEY: the bearer key of the admin endpoints (rebuild); they are closed when unset. */
    Optional<String> adminKey();

    Rates rates();

    Quotas quota();

    interface Quotas {
        /** TARIFFWATCH_QUOTA_PER_ADDRESS_REQUESTS and _PER: rate and measure API requests one client address
         * may make per window; 429 beyond. */
        Quota perAddress();
    }

    interface Rates {
        /** TARIFFWATCH_RATES_NOTICE_LEADS: how long before a known transition notices go out. */
        @WithDefault("7d,1d")
        List<Duration> noticeLeads();
    }
}
