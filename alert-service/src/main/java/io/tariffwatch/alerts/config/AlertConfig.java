package io.tariffwatch.alerts.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.tariffwatch.support.quota.Quota;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "tariffwatch")
public interface AlertConfig {
    /** TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS: hosts or CIDR ranges webhooks may reach despite the private-address
     * rule, and over plain http. */
    Optional<List<String>> webhookAllowedHosts();

    /** TARIFFWATCH_PUBLIC_URL: the address of this service as subscribers reach it (confirmation and
     * unsubscribe links). */
    @WithDefault("http://localhost:8083")
    String publicUrl();

    /** TARIFFWATCH_WEBHOOK_SECRET_GRACE: after a secret rotation, how long the old secret keeps signing beside
     * the new one. */
    @WithDefault("24h")
    Duration webhookSecretGrace();

    /** TARIFFWATCH_ADMIN_KEY: a bearer key that may list every subscription; none when unset. */
    Optional<String> adminKey();

    Delivery delivery();

    Quotas quota();

    /** TARIFFWATCH_SUBSCRIPTIONS_FULL_READ_EVERY: how often each instance reads every subscription again, not only
     * what changed; at most half the week the database keeps a deleted subscription's removal (checked at start). */
    @WithName("subscriptions.full-read-every")
    @WithDefault("1h")
    Duration subscriptionsFullReadEvery();

    interface Quotas {
        /** TARIFFWATCH_QUOTA_NEW_SUBSCRIPTIONS_PER_ADDRESS_REQUESTS and _PER: subscriptions one client address
         * may create per window; 429 beyond. */
        Quota newSubscriptionsPerAddress();

        /** TARIFFWATCH_QUOTA_CONSENT_EMAILS_PER_ADDRESS_REQUESTS and _PER: confirmation e-mails (subscription
         * or contact) one address may be sent per window; asking for more answers 429. */
        Quota consentEmailsPerAddress();
    }

    interface Delivery {
        /** TARIFFWATCH_DELIVERY_RETRY_SCHEDULE: waits before the 2nd, 3rd, … attempt; then the alert fails. */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** Up to this fraction of a wait is added or taken at random, so that retries spread out. */
        @WithDefault("0.1")
        double jitter();

        /** A subscription whose deliveries have failed without a success for this long is disabled. */
        @WithDefault("5d")
        Duration disableAfter();

        /** TARIFFWATCH_DELIVERY_TIMEOUT: the deadline of one attempt, webhook (connect, headers and body) or
         * e-mail. */
        @WithDefault("10s")
        Duration timeout();

        /** How long a claimed alert is left to the instance that claimed it; at least twice {@link #timeout()}
         * (checked at start). If the instance dies, the alert is due again after this. */
        @WithDefault("2m")
        Duration lease();

        /** TARIFFWATCH_DELIVERY_ALERTS_PER_COMMIT: a poll's new alerts are committed in parts of at most this many,
         * so that a rate change for thousands of subscribers starts going out once its first part is in. */
        @WithDefault("2000")
        int alertsPerCommit();

        /** TARIFFWATCH_DELIVERY_BATCH_SIZE: alerts claimed per query at most. A fan-out is bound by its claims (one at
         * a time, each tens of milliseconds): 64 gave 1,378 webhooks/s in the bench, 256 (with 512 in flight) 2,415. */
        @WithDefault("256")
        int batchSize();

        /** TARIFFWATCH_DELIVERY_MAX_IN_FLIGHT: attempts in flight at once per instance, all receivers. */
        @WithDefault("512")
        int maxInFlight();

        /** TARIFFWATCH_DELIVERY_PER_RECEIVER: attempts in flight at once per subscription, so that a slow
         * receiver holds at most this many of the slots. */
        @WithDefault("4")
        int perReceiver();

        /** TARIFFWATCH_DELIVERY_PER_HOST: connections at once to one receiver host and port, however many
         * subscriptions it serves (one integrator may take thousands); further attempts wait for one, within
         * their deadline. */
        @WithDefault("16")
        int perHost();

        /** TARIFFWATCH_DELIVERY_BACKOFF_BASE and _MAX: after a failed attempt its receiver (a webhook
         * subscription, or the SMTP server) is left alone this long, doubling with each failure in a row. */
        @WithDefault("1s")
        Duration backoffBase();

        @WithDefault("5m")
        Duration backoffMax();
    }
}
