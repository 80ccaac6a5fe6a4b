package io.tariffwatch.alerts.subscriptions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/** A subscription as its owner sees it; {@code token} only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(UUID id, String channel, String target, Filters filters, String digest, String status,
                               String disabledReason, String contact, String token, String secret,
                               OffsetDateTime createdAt) {
    static SubscriptionView of(Subscription s, Filters filters, String token) {
        return new SubscriptionView(s.id, s.channel.name().toLowerCase(Locale.ROOT), s.target, filters, s.digest,
                s.status.name(), s.disabledReason, s.contact, token, s.secret, s.createdAt);
    }
}
