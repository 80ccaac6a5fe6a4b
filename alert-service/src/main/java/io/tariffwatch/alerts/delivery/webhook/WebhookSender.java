package io.tariffwatch.alerts.delivery.webhook;

import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.delivery.DeliveryResult;
import io.tariffwatch.alerts.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one alert as a Standard Webhooks request: {@code webhook-id} (the alert id, the same on every
 * retry), {@code webhook-timestamp} and {@code webhook-signature}. Non-blocking; one deadline covers the
 * whole attempt (connect, headers and body), after which the exchange is cancelled, and at most
 * {@value #MAX_ANSWER_BYTES} bytes of the answer are read. Never follows redirects (a redirect could lead
 * past the address check).
 */
@ApplicationScoped
public class WebhookSender {
    static final int MAX_ANSWER_BYTES = 4096;

    private final HttpClient client;
    private final Duration timeout;
    private final WebhookTargetGuard guard;
    private final Clock clock;

    WebhookSender(AlertConfig config, WebhookTargetGuard guard, Clock clock) {
        this.timeout = config.delivery().timeout();
        this.guard = guard;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public CompletableFuture<DeliveryResult> send(Subscription subscription, Alert alert, String body) {
        String refusal = guard.refusal(subscription.target);
        if (refusal != null) {
            return CompletableFuture.completedFuture(
                    new DeliveryResult(DeliveryResult.Outcome.FAILED, null, refusal, null));
        }
        long timestamp = clock.instant().getEpochSecond();
        String id = alert.id.toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscription.target))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "TariffWatch-Webhooks/1")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(subscription.secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request, BoundedDiscard.handler(MAX_ANSWER_BYTES));
        return exchange.thenApply(this::result)
                .exceptionally(e -> DeliveryResult.retry(null, describe(e), null))
                .completeOnTimeout(DeliveryResult.retry(null, "no complete answer within " + timeout, null),
                        timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> exchange.cancel(true));
    }

    private DeliveryResult result(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(status);
        }
        if (status == 410) {
            return new DeliveryResult(DeliveryResult.Outcome.GONE, status, "the receiver answered 410 Gone", null);
        }
        return DeliveryResult.retry(status, "the receiver answered " + status,
                response.headers().firstValue("retry-after").map(this::retryAfter).orElse(null));
    }

    /** {@code Retry-After}: seconds or an HTTP date. */
    Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
