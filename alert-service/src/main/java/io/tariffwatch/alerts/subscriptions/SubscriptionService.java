package io.tariffwatch.alerts.subscriptions;

import io.tariffwatch.support.domain.Refused;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.alerts.NoticeData;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.delivery.webhook.WebhookSigner;
import io.tariffwatch.alerts.delivery.webhook.WebhookTargetGuard;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.HsCodes;
import io.tariffwatch.alerts.matching.AlertKind;
import io.tariffwatch.events.Stage;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.problem.Problem.FieldError;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tariffwatch.support.persistence.GroupCommitter;
import io.tariffwatch.support.persistence.GroupCommitter.Answer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Subscriptions: creation with checks, the management token, double opt-in and unsubscribe. */
@ApplicationScoped
public class SubscriptionService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_GROUP = 256;
    private static final int QUEUE = 4096;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+");
    private static final Set<String> KINDS = Arrays.stream(AlertKind.values()).map(AlertKind::name)
            .collect(Collectors.toUnmodifiableSet());

    private final WebhookTargetGuard guard;
    private final AlertService alerts;
    private final Optional<String> adminKeyHash;
    private final Duration secretGrace;
    private final Clock clock;
    private final ObjectMapper mapper;
    /** Subscriptions created together ({@link #openedTogether}): up to a group's worth of creations per commit. */
    private final GroupCommitter<Subscription, Subscription> opened;

    SubscriptionService(WebhookTargetGuard guard, AlertService alerts, AlertConfig config,
                        Clock clock, ObjectMapper mapper, MeterRegistry meters) {
        this.clock = clock;
        this.mapper = mapper;
        this.guard = guard;
        this.alerts = alerts;
        this.secretGrace = config.webhookSecretGrace();
        this.adminKeyHash = config.adminKey().filter(k -> !k.isBlank()).map(Credentials::sha256Hex);
        this.opened = new GroupCommitter<>("subscriptions.group", MAX_GROUP, QUEUE, new GroupCommitter.Wording(
                "too many subscriptions waiting to be created; try again shortly",
                "the subscription may still have been created (its management token is lost with this answer)",
                "alert-service is stopping; subscribe again"), meters, this::openedTogether);
    }

    /** A test webhook, queued like any alert (signed, retried, in the delivery log): its source id. */
    @Transactional
    public String sendTest(UUID id, Manager manager) {
        Subscription s = managed(id, manager);
        String refusal = s.testRefusal();
        if (refusal != null) {
            throw Refused.conflict(refusal);
        }
        String sourceId = "test-" + UUID.randomUUID();
        alerts.enqueue(s.id, sourceId, AlertType.WEBHOOK_TEST, new NoticeData.WebhookTest(s.id, clock.instant(),
                "A test from TariffWatch: this receiver gets the subscription's signed webhooks."));
        return sourceId;
    }

    /** Checked first, then written: with the creations that arrive together, or alone when it asks for consent. */
    public SubscriptionView create(SubscriptionRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Subscription.Channel channel = channel(request.channel(), errors);
        if (request.target() == null || request.target().isBlank()) {
            errors.add(new FieldError("/target", "required", null, "an e-mail address or an https URL"));
        } else if (channel == Subscription.Channel.EMAIL && !EMAIL.matcher(request.target()).matches()) {
            errors.add(new FieldError("/target", "email", request.target(), "an e-mail address"));
        } else if (channel == Subscription.Channel.WEBHOOK) {
            String refusal = guard.refusal(request.target());
            if (refusal != null) {
                errors.add(new FieldError("/target", "webhook-target", request.target(), refusal));
            }
        }
        Filters filters = filters(request.filters(), errors);
        Digest digest = digest(request.digest(), channel, errors);
        String contact = contact(request.contact(), errors);
        failIfAny(errors);

        OffsetDateTime now = now();
        String token = randomToken();
        Subscription s = Subscription.opened(channel, request.target().trim(), filters, digest,
                Credentials.sha256Hex(token), randomToken(),
                channel == Subscription.Channel.WEBHOOK ? WebhookSigner.newSecret() : randomToken(), now);
        boolean contactToConfirm = s.contactGiven(contact, randomToken(), now);
        if (channel == Subscription.Channel.WEBHOOK && !contactToConfirm) {
            opened.record(s);
        } else {
            // a consent e-mail's quota per address is counted in the transaction that queues it: written alone
            QuarkusTransaction.requiringNew().run(() -> {
                Subscription.inserted(List.of(s), this::json);
                if (channel == Subscription.Channel.EMAIL) {
                    alerts.askConsent(s, AlertType.SUBSCRIPTION_CONFIRMATION, s.target);
                }
                if (contactToConfirm) {
                    alerts.askConsent(s, AlertType.CONTACT_CONFIRMATION, contact);
                }
            });
        }
        return SubscriptionView.created(s, filters, token);
    }

    /** New subscriptions that write one row each (a webhook without a contact to confirm), with those that
     * arrive together: one insert and one commit for the group (its transaction was a third of a creation's CPU). */
    private List<Answer<Subscription>> openedTogether(List<Subscription> group) {
        Subscription.inserted(group, this::json);
        return group.stream().map(Answer::of).toList();
    }

    @PreDestroy
    void stop() {
        opened.stop();
    }

    private String json(Filters filters) {
        try {
            return mapper.writeValueAsString(filters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("filters that cannot be written as JSON: " + filters, e);
        }
    }

    /** Who holds {@code secret}: the admin key, one subscription's management token, or nobody's. */
    @Transactional
    public Manager managerOf(String secret) {
        String hash = Credentials.sha256Hex(secret);
        if (adminKeyHash.map(h -> Credentials.same(h, hash)).orElse(false)) {
            return Manager.ADMIN;
        }
        return Subscription.byTokenHash(hash).map(s -> Manager.of(s.id)).orElse(Manager.NOBODY);
    }

    /** The subscription {@code manager} manages; the same answer for a missing one and another's: ids are not to be probed. */
    @Transactional
    public Subscription managed(UUID id, Manager manager) {
        Subscription s = manager.manages(id) ? Subscription.findById(id) : null;
        if (s == null) {
            throw Refused.notFound("no subscription " + id + " for this token");
        }
        return s;
    }

    @Transactional
    public SubscriptionView view(UUID id, Manager manager) {
        Subscription s = managed(id, manager);
        return SubscriptionView.of(s, s.filters);
    }

    /** Every subscription, for the admin. */
    @Transactional
    public List<SubscriptionView> all() {
        return Subscription.<Subscription>listAll().stream().map(s -> SubscriptionView.of(s, s.filters)).toList();
    }

    /** Sends one of the subscription's alerts again ({@link AlertService#requeue}). */
    @Transactional
    public void resend(UUID id, Manager manager, UUID alertId) {
        alerts.requeue(managed(id, manager), alertId);
    }

    @Transactional
    public SubscriptionView update(UUID id, Manager manager, SubscriptionRequest request) {
        Subscription s = managed(id, manager);
        List<FieldError> errors = new ArrayList<>();
        Filters filters = request.filters() == null ? s.filters : filters(request.filters(), errors);
        Digest digest = request.digest() == null ? s.digest : digest(request.digest(), s.channel, errors);
        String contact = request.contact() == null ? s.contact : contact(request.contact(), errors);
        if (request.channel() != null || request.target() != null) {
            errors.add(new FieldError(request.channel() != null ? "/channel" : "/target", "immutable", null,
                    "channel and target cannot change: make a new subscription"));
        }
        boolean reEnable = Subscription.Status.ACTIVE.name().equals(request.status());
        if (request.status() != null && !reEnable) {
            errors.add(new FieldError("/status", "re-enable", request.status(),
                    "only ACTIVE: to re-enable, or to have the confirmation e-mail sent again"));
        }
        failIfAny(errors);
        OffsetDateTime now = now();
        s.preferencesChanged(filters, digest, now);
        if (reEnable && s.reEnabled(randomToken(), now)) {
            // a new consent: the address may have unsubscribed, and whoever holds the token is not its owner
            alerts.askConsent(s, AlertType.SUBSCRIPTION_CONFIRMATION, s.target);
        }
        if (request.contact() != null && s.contactGiven(contact, randomToken(), now)) {
            alerts.askConsent(s, AlertType.CONTACT_CONFIRMATION, contact);
        }
        return SubscriptionView.of(s, filters);
    }

    /** What a secret rotation answers: the new secret (shown this once) and until when the old one signs too. */
    public record SecretRotation(String secret, OffsetDateTime previousSecretValidUntil) {
    }

    @Transactional
    public SecretRotation rotateSecret(UUID id, Manager manager) {
        Subscription s = managed(id, manager);
        if (s.channel != Subscription.Channel.WEBHOOK) {
            throw Refused.conflict("an e-mail subscription has no signing secret");
        }
        OffsetDateTime now = now();
        s.secretRotated(WebhookSigner.newSecret(), now.plus(secretGrace), now);
        return new SecretRotation(s.secret, s.previousSecretUntil);
    }

    @Transactional
    public void delete(UUID id, Manager manager) {
        managed(id, manager).delete();
    }

    /** Double opt-in: the link of the confirmation e-mail. */
    @Transactional
    public boolean confirm(UUID id, String token) {
        Subscription s = Subscription.findById(id);
        return s != null && s.addressConfirmed(token, now());
    }

    /** The link of the e-mail asking a contact address for its consent. */
    @Transactional
    public boolean confirmContact(UUID id, String token) {
        Subscription s = Subscription.findById(id);
        return s != null && s.contactConfirmed(token, now());
    }

    /** One-click unsubscribe: the subscription is disabled and its pending alerts dropped. */
    @Transactional
    public boolean unsubscribe(UUID id, String token) {
        Subscription s = Subscription.findById(id);
        if (s == null || !Credentials.same(s.unsubscribeToken, token)) {
            return false;
        }
        s.disable("unsubscribed", now());
        alerts.dropUnsent(s.id, "unsubscribed");
        return true;
    }

    private static Subscription.Channel channel(String channel, List<FieldError> errors) {
        if (channel == null) {
            errors.add(new FieldError("/channel", "required", null, "email or webhook"));
            return null;
        }
        return switch (channel.toLowerCase(Locale.ROOT)) {
            case "email" -> Subscription.Channel.EMAIL;
            case "webhook" -> Subscription.Channel.WEBHOOK;
            default -> {
                errors.add(new FieldError("/channel", "enum", channel, "email or webhook"));
                yield null;
            }
        };
    }

    /** {@code none}, or {@code daily}: an e-mail subscription's alerts of a day grouped into one e-mail. */
    private static Digest digest(String written, Subscription.Channel channel, List<FieldError> errors) {
        Digest digest = written == null ? Digest.NONE : Digest.ofWireName(written).orElse(null);
        if (digest == null) {
            errors.add(new FieldError("/digest", "enum", written, "none or daily"));
        } else if (digest == Digest.DAILY && channel == Subscription.Channel.WEBHOOK) {
            errors.add(new FieldError("/digest", "email-only", written, "daily digests are for e-mail; a webhook gets each alert"));
        }
        return digest;
    }

    private static String contact(String contact, List<FieldError> errors) {
        if (contact != null && !EMAIL.matcher(contact).matches()) {
            errors.add(new FieldError("/contact", "email", contact, "an e-mail address told when the subscription is disabled"));
        }
        return contact;
    }

    /** More values than there are countries is no filter a person means. */
    static final int MAX_FILTER_VALUES = 300;
    private static final BigDecimal MAX_DELTA = BigDecimal.valueOf(1000);

    Filters filters(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Filters.ALL;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("/filters", "type", node.getNodeType().name(), "an object"));
            return Filters.ALL;
        }
        Set<String> known = Set.of("imposers", "partners", "products", "kinds", "minDelta", "minStage");
        node.fieldNames().forEachRemaining(n -> {
            if (!known.contains(n)) {
                errors.add(new FieldError("/filters/" + n, "unknown-field", null, "filters are " + known));
            }
        });
        List<String> imposers = strings(node, "imposers", Countries::isCountryOrEu, "country codes or EU", errors);
        List<String> partners = strings(node, "partners", Countries::isCountryOrEu, "country codes or EU", errors);
        List<String> products = strings(node, "products", HsCodes::isCodeOrPrefix, "HS prefixes: " + HsCodes.RULE,
                errors);
        List<AlertKind> kinds = strings(node, "kinds", KINDS::contains, "kinds among " + KINDS, errors).stream()
                .map(AlertKind::valueOf).toList();
        BigDecimal minDelta = null;
        JsonNode delta = node.get("minDelta");
        if (delta != null && !delta.isNull()) {
            if (!delta.isNumber() || delta.decimalValue().signum() < 0 || delta.decimalValue().compareTo(MAX_DELTA) > 0
                    || delta.decimalValue().stripTrailingZeros().scale() > 6) {
                errors.add(new FieldError("/filters/minDelta", "non-negative-number", delta.asText(),
                        "points of change from 0 to 1000, at most 6 decimal places (compared with the size of a move, up or down)"));
            } else {
                minDelta = delta.decimalValue();
            }
        }
        Stage minStage = null;
        JsonNode stage = node.get("minStage");
        if (stage != null && !stage.isNull()) {
            try {
                minStage = Stage.valueOf(stage.asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("/filters/minStage", "enum", stage.asText(), "THREATENED, ANNOUNCED or ENACTED"));
            }
        }
        return new Filters(imposers, partners, products, kinds, minDelta, minStage);
    }

    private static List<String> strings(JsonNode node, String field, Predicate<String> valid,
                                        String what, List<FieldError> errors) {
        JsonNode list = node.get(field);
        List<String> values = new ArrayList<>();
        if (list == null || list.isNull()) {
            return values;
        }
        if (!list.isArray()) {
            errors.add(new FieldError("/filters/" + field, "type", list.getNodeType().name(), "an array of " + what));
            return values;
        }
        if (list.size() > MAX_FILTER_VALUES) {
            errors.add(new FieldError("/filters/" + field, "max-items", list.size(), "at most " + MAX_FILTER_VALUES + " values"));
            return values;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            if (!v.isTextual() || !valid.test(v.asText())) {
                errors.add(new FieldError("/filters/" + field + "/" + i, "value", v.asText(), "one of " + what));
            } else {
                values.add(v.asText());
            }
        }
        return values;
    }

    private static void failIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw Refused.invalid(errors.size() + " field(s) of the subscription are not valid", errors);
        }
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** To the microsecond, as PostgreSQL keeps it: a creation's answer shows the createdAt a read gives later. */
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
