package io.tariffwatch.alerts.delivery.webhook;

import io.tariffwatch.alerts.alerts.AttemptOutcome;
import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.delivery.DeliveryResult;
import io.tariffwatch.alerts.subscriptions.Subscription;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one alert as a Standard Webhooks request: {@code webhook-id} (the alert id, the same on every
 * retry), {@code webhook-timestamp} and {@code webhook-signature}. Non-blocking; one deadline covers the
 * whole attempt (connect, headers and body), after which the exchange is reset, and at most
 * {@value #MAX_ANSWER_BYTES} bytes of the answer are read (the status decides; an endless body does not hold
 * a slot). Connects to the address {@link WebhookTargetGuard} checked, by its own Vert.x client: no proxy, no
 * redirects (a redirect could lead past the address check), no second DNS lookup.
 */
@ApplicationScoped
public class WebhookSender {
    static final int MAX_ANSWER_BYTES = 4096;

    private final HttpClient client;
    private final Duration timeout;
    private final WebhookTargetGuard guard;
    private final Clock clock;

    WebhookSender(AlertConfig config, WebhookTargetGuard guard, Clock clock, Vertx vertx) {
        this.timeout = config.delivery().timeout();
        this.guard = guard;
        this.clock = clock;
        int inFlight = config.delivery().maxInFlight();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(config.delivery().perHost())
                .setMaxWaitQueueSize(inFlight)
                .setKeepAliveTimeout(30)
                .setVerifyHost(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public CompletableFuture<DeliveryResult> send(Subscription subscription, Alert alert, byte[] body) {
        WebhookTargetGuard.Checked target = guard.check(subscription.target);
        if (target.refusal() != null) {
            return CompletableFuture.completedFuture(
                    new DeliveryResult(AttemptOutcome.FAILED, null, target.refusal(), null));
        }
        Instant now = clock.instant();
        String id = alert.id.toString();
        URI uri = target.uri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, target.address().getHostAddress()))
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(uri.getRawPath().isEmpty() ? "/" + query(uri) : uri.getRawPath() + query(uri))
                .setFollowRedirects(false)
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "TariffWatch-Webhooks/1")
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(now.getEpochSecond()))
                .putHeader("webhook-signature", WebhookSigner.sign(
                        subscription.signingSecrets(now.atOffset(ZoneOffset.UTC)), id, now.getEpochSecond(), body));
        CompletableFuture<DeliveryResult> outcome = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        AtomicBoolean answered = new AtomicBoolean();
        client.request(request)
                .compose(r -> {
                    sent.set(r);
                    if (outcome.isDone()) {
                        // the deadline passed while it waited for a connection: never send it late (the attempt
                        // is already recorded as a retry, and the retry would make it twice)
                        r.reset();
                        return io.vertx.core.Future.failedFuture("the deadline passed before a connection was free");
                    }
                    return r.send(Buffer.buffer(body));
                })
                .onSuccess(response -> readAtMost(response, outcome, answered))
                .onFailure(e -> outcome.complete(DeliveryResult.retry(null, describe(e), null)));
        return outcome
                .completeOnTimeout(DeliveryResult.retry(null, "no complete answer within " + timeout, null),
                        timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    // a stalled or endless answer gives its connection up; after a complete one the connection
                    // goes back to the pool (resetting it would close it: a new connection per alert)
                    HttpClientRequest exchange = sent.get();
                    if (exchange != null && !answered.get()) {
                        exchange.reset();
                    }
                });
    }

    private static String query(URI uri) {
        return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    }

    /** Discards the answer's body; the outcome, from the status, once it ended, broke off or
     * {@value #MAX_ANSWER_BYTES} bytes came (retrying a 2xx whose connection closed early sent alerts twice).
     * The end is awaited through {@code end()}, not an end handler: a short answer may have ended before
     * handlers could be set, and setting one then throws — the attempt then hung until its deadline and was
     * sent again although the receiver had answered. */
    private void readAtMost(HttpClientResponse response, CompletableFuture<DeliveryResult> outcome,
                            AtomicBoolean answered) {
        DeliveryResult result = result(response);
        long[] read = {0};
        try {
            response.handler(chunk -> {
                read[0] += chunk.length();
                if (read[0] > MAX_ANSWER_BYTES) {
                    outcome.complete(result);
                }
            });
        } catch (IllegalStateException ended) {
            // the whole answer came with its headers: nothing left to read
        }
        response.end().onComplete(end -> {
            // within the deadline and the size limit: the connection is clean and goes back to the pool
            answered.set(end.succeeded() && !outcome.isDone());
            outcome.complete(result);
        });
    }

    private DeliveryResult result(HttpClientResponse response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(status);
        }
        if (status == 410) {
            return new DeliveryResult(AttemptOutcome.GONE, status, "the receiver answered 410 Gone", null);
        }
        String retryAfter = response.getHeader("retry-after");
        return DeliveryResult.retry(status, "the receiver answered " + status,
                retryAfter == null ? null : retryAfter(retryAfter));
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
