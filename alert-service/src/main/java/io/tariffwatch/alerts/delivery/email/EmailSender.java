package io.tariffwatch.alerts.delivery.email;

import io.tariffwatch.alerts.alerts.AttemptOutcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.tariffwatch.alerts.alerts.Alert;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.alerts.NoticeData;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.delivery.DeliveryResult;
import io.tariffwatch.alerts.subscriptions.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Sends alerts by e-mail, plain text and HTML from Qute templates, each with a one-click unsubscribe link
 * and {@code List-Unsubscribe} headers (RFC 8058); and the confirmation e-mail of a new subscription.
 */
@ApplicationScoped
public class EmailSender {
    private final ReactiveMailer mailer;
    private final Clock clock;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final String publicUrl;
    private final Template alertText;
    private final Template alertHtml;
    private final Template confirmText;
    private final Template confirmHtml;
    private final Template digestText;
    private final Template digestHtml;

    EmailSender(ReactiveMailer mailer, ObjectMapper mapper, AlertConfig config, Clock clock,
                @Location("alert.txt") Template alertText, @Location("alert.html") Template alertHtml,
                @Location("confirm.txt") Template confirmText, @Location("confirm.html") Template confirmHtml,
                @Location("digest.txt") Template digestText, @Location("digest.html") Template digestHtml) {
        this.mailer = mailer;
        this.clock = clock;
        this.timeout = config.delivery().timeout();
        this.mapper = mapper;
        this.publicUrl = config.publicUrl().replaceAll("/+$", "");
        this.alertText = alertText;
        this.alertHtml = alertHtml;
        this.confirmText = confirmText;
        this.confirmHtml = confirmHtml;
        this.digestText = digestText;
        this.digestHtml = digestHtml;
    }

    /**
     * Sends without blocking the caller; a server that accepts the connection and then stalls costs one
     * attempt of at most the delivery time-out, never a waiting thread.
     */
    public CompletableFuture<DeliveryResult> send(Subscription subscription, Alert alert) {
        Mail mail;
        try {
            mail = compose(subscription, alert);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    new DeliveryResult(AttemptOutcome.FAILED, null, "cannot compose: " + e.getMessage(), null));
        }
        return mailer.send(mail)
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout))
                .map(ignored -> DeliveryResult.delivered(null))
                .onFailure().recoverWithItem(e -> DeliveryResult.retry(null, "SMTP: " + e.getMessage(), null))
                .subscribeAsCompletionStage();
    }

    Mail compose(Subscription s, Alert alert) {
        String unsubscribe = publicUrl + "/api/v1/subscriptions/" + s.id + "/unsubscribe?token=" + s.unsubscribeToken;
        AlertType type = alert.type;
        Mail mail;
        switch (type) {
            case CONTACT_CONFIRMATION -> {
                String confirm = publicUrl + "/api/v1/subscriptions/" + s.id + "/confirm-contact?token=" + s.contactConfirmToken;
                return Mail.withText(s.contact, "Confirm TariffWatch notices to this address",
                        "Someone gave this address as the contact of the TariffWatch " + s.channel.name().toLowerCase(Locale.ROOT)
                                + " subscription " + s.id + ", to be told if it is ever disabled.\n\n"
                                + "If that was you, confirm here: " + confirm + "\n\n"
                                + "If not, ignore this e-mail: this address will get nothing from TariffWatch.\n");
            }
            case SUBSCRIPTION_DISABLED -> {
                return Mail.withText(s.contact, "Your TariffWatch subscription was disabled",
                        "The TariffWatch subscription " + s.id + " (" + s.channel.name().toLowerCase(Locale.ROOT) + " to "
                                + s.target + ") was disabled: " + read(alert.payload, NoticeData.Disabled.class).reason() + ".\n\n"
                                + "Its alerts are kept. Re-enable it with PATCH " + publicUrl + "/api/v1/subscriptions/" + s.id
                                + " {\"status\": \"ACTIVE\"} and its management token, then retry failed deliveries from its "
                                + "delivery log.\n");
            }
            case SUBSCRIPTION_CONFIRMATION -> {
                String confirm = publicUrl + "/api/v1/subscriptions/" + s.id + "/confirm?token=" + s.confirmToken;
                mail = Mail.withText(s.target, "Confirm your TariffWatch alerts",
                                confirmText.data("confirmUrl", confirm).data("unsubscribeUrl", unsubscribe).render())
                        .setHtml(confirmHtml.data("confirmUrl", confirm).data("unsubscribeUrl", unsubscribe).render());
            }
            case DIGEST -> {
                Instant now = clock.instant();
                List<String> items = new ArrayList<>();
                for (NoticeData.DigestOf.Item item : read(alert.payload, NoticeData.DigestOf.class).alerts()) {
                    items.add(AlertContent.of(item.type(), item.data(), mapper).sentence(now));
                }
                mail = Mail.withText(s.target, "TariffWatch daily digest: " + items.size() + " alert" + (items.size() == 1 ? "" : "s"),
                                digestText.data("items", items).data("unsubscribeUrl", unsubscribe).render())
                        .setHtml(digestHtml.data("items", items).data("unsubscribeUrl", unsubscribe).render());
            }
            default -> {
                AlertContent content = AlertContent.of(type, read(alert.payload, JsonNode.class), mapper);
                String sentence = content.sentence(clock.instant());
                mail = Mail.withText(s.target, AlertText.subject(content),
                                alertText.data("sentence", sentence).data("components", content.components())
                                        .data("summary", content.summary()).data("unsubscribeUrl", unsubscribe).render())
                        .setHtml(alertHtml.data("sentence", sentence).data("components", content.components())
                                .data("summary", content.summary()).data("unsubscribeUrl", unsubscribe).render());
            }
        }
        return mail.addHeader("List-Unsubscribe", "<" + unsubscribe + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .addHeader("X-TariffWatch-Alert-Id", alert.id.toString());
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the alert's data does not read as " + type.getSimpleName(), e);
        }
    }
}
