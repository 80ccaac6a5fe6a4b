package io.tariffwatch.alerts.subscriptions;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/** A subscription as its owner sees it; the management {@code token} and the webhook signing {@code secret}
 * only in the answer that created it (shown once: no later read or listing returns them). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(UUID id, String channel, String target, Filters filters, Digest digest, String status,
                               String disabledReason, String contact, Boolean contactConfirmed, String token,
                               String secret, OffsetDateTime createdAt) {
    static SubscriptionView created(Subscription s, Filters filters, String token) {
        return view(s, filters, token, s.secret);
    }

    static SubscriptionView of(Subscription s, Filters filters) {
        return view(s, filters, null, null);
    }

    private static SubscriptionView view(Subscription s, Filters filters, String token, String secret) {
        return new SubscriptionView(s.id, s.channel.name().toLowerCase(Locale.ROOT), s.target, filters, s.digest,
                s.status.name(), s.disabledReason, s.contact,
                s.contact == null ? null : s.contactConfirmedAt != null, token, secret, s.createdAt);
    }
}
