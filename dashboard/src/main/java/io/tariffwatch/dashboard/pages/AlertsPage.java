package io.tariffwatch.dashboard.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.dashboard.clients.SubscriptionModels;
import io.tariffwatch.dashboard.services.AlertSubscriptionService;
import io.tariffwatch.dashboard.upstream.Fetched;
import io.tariffwatch.dashboard.upstream.UpstreamProblem;
import io.tariffwatch.events.Stage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Subscribing (e-mail or webhook, every filter) and managing a subscription with its token: filters, re-enabling,
 * deleting, the delivery log, retry. The token lives in an HttpOnly, SameSite=Strict cookie scoped to that subscription's page.
 */
@Path("/alerts")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class AlertsPage {
    static final String TOKEN_COOKIE = "tw_subscription_token";
    static final List<String> KINDS = List.of("HIKE", "CUT", "PAUSE", "EXTEND", "RESUME", "EXEMPTION", "REVOKE", "DEAL",
            "TALKS", "PAUSE_EXPIRED", "EXPIRED", "DOCUMENT");

    private final AlertSubscriptionService subscriptions;

    AlertsPage(AlertSubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    public record KindOption(String name, boolean checked) {
    }

    /** The filter fields as a form shows them: empty for a new subscription, the current ones to change. */
    public record FilterForm(String imposers, String partners, String products, List<KindOption> kinds, String minDelta,
                             String minStage, String digest) {
        static final FilterForm EMPTY = of(null, null);

        static FilterForm of(SubscriptionModels.Filters f, String digest) {
            List<String> chosen = f == null || f.kinds() == null ? List.of() : f.kinds();
            return new FilterForm(f == null ? "" : join(f.imposers()), f == null ? "" : join(f.partners()),
                    f == null ? "" : join(f.products()),
                    KINDS.stream().map(k -> new KindOption(k, chosen.contains(k))).toList(),
                    f == null || f.minDelta() == null ? "" : f.minDelta().stripTrailingZeros().toPlainString(),
                    f == null || f.minStage() == null ? "" : f.minStage().name(), digest == null ? "none" : digest);
        }

        private static String join(List<String> codes) {
            return codes == null ? "" : String.join(", ", codes);
        }
    }

    public record Outcome(SubscriptionModels.Subscription created, UpstreamProblem problem, String unavailable) {
    }

    public record ManageView(SubscriptionModels.Subscription subscription, String filtersText,
                             List<SubscriptionModels.Delivery> deliveries, String message, String failure) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance alerts(FilterForm form, String active, List<String> notes);

        static native TemplateInstance subscribed(Outcome outcome);

        static native TemplateInstance manage(ManageView view, FilterForm form, String active, List<String> notes);
    }

    @GET
    public TemplateInstance page() {
        return Templates.alerts(FilterForm.EMPTY, "alerts", List.of());
    }

    @POST
    @Path("/subscribe")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance subscribe(MultivaluedMap<String, String> form) {
        List<UpstreamProblem.FieldError> local = new ArrayList<>();
        SubscriptionModels.Filters filters = filters(form, local);
        if (!local.isEmpty()) {
            return Templates.subscribed(new Outcome(null, new UpstreamProblem(422, "Unprocessable Content",
                    local.size() + " field(s) are not valid", local), null));
        }
        SubscriptionModels.Request request = new SubscriptionModels.Request(blankToNull(form.getFirst("channel")),
                blankToNull(form.getFirst("target")), filters, blankToNull(form.getFirst("digest")), null,
                blankToNull(form.getFirst("contact")));
        Fetched<SubscriptionModels.Subscription> created = subscriptions.subscribe(request);
        return Templates.subscribed(new Outcome(created.value(), created.refused(), created.unavailable()));
    }

    /** Opens a subscription's page with its id and token (kept in a cookie for that page only). */
    @POST
    @Path("/manage")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response open(MultivaluedMap<String, String> form) {
        UUID id = uuid(form.getFirst("id"), "id");
        String token = form.getFirst("token") == null ? "" : form.getFirst("token").strip();
        if (token.isEmpty() || token.length() > 200) {
            throw new PageParams.BadPageParameter("token", null, "the token shown when the subscription was created");
        }
        NewCookie cookie = new NewCookie.Builder(TOKEN_COOKIE).value(token).path("/alerts/" + id).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create("/alerts/" + id)).cookie(cookie).build();
    }

    @GET
    @Path("/{id}")
    public TemplateInstance manage(@PathParam("id") String idParam, @CookieParam(TOKEN_COOKIE) String token) {
        return manageView(uuid(idParam, "id"), token, null);
    }

    @POST
    @Path("/{id}/filters")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance changeFilters(@PathParam("id") String idParam, @CookieParam(TOKEN_COOKIE) String token,
                                          MultivaluedMap<String, String> form) {
        UUID id = uuid(idParam, "id");
        List<UpstreamProblem.FieldError> local = new ArrayList<>();
        SubscriptionModels.Filters filters = filters(form, local);
        if (!local.isEmpty()) {
            return manageView(id, token, new UpstreamProblem(422, null, "not changed", local).describe());
        }
        Fetched<SubscriptionModels.Subscription> r = subscriptions.update(id, token,
                new SubscriptionModels.Request(null, null, filters, blankToNull(form.getFirst("digest")), null, null));
        return manageView(id, token, r.ok() ? "Filters saved." : r.failure());
    }

    /** Re-enables a disabled subscription (an e-mail one asks its address to confirm again). */
    @POST
    @Path("/{id}/enable")
    public TemplateInstance enable(@PathParam("id") String idParam, @CookieParam(TOKEN_COOKIE) String token) {
        UUID id = uuid(idParam, "id");
        Fetched<SubscriptionModels.Subscription> r = subscriptions.update(id, token,
                new SubscriptionModels.Request(null, null, null, null, "ACTIVE", null));
        return manageView(id, token, r.ok() ? "Status: " + r.value().status() + "." : r.failure());
    }

    @POST
    @Path("/{id}/deliveries/{alertId}/retry")
    public TemplateInstance retry(@PathParam("id") String idParam, @PathParam("alertId") String alertParam,
                                  @CookieParam(TOKEN_COOKIE) String token) {
        UUID id = uuid(idParam, "id");
        Fetched<Boolean> r = subscriptions.retry(id, uuid(alertParam, "alertId"), token);
        return manageView(id, token, r.ok() ? "Sent again; its attempt appears in the log below." : r.failure());
    }

    @POST
    @Path("/{id}/test")
    public TemplateInstance sendTest(@PathParam("id") String idParam, @CookieParam(TOKEN_COOKIE) String token) {
        UUID id = uuid(idParam, "id");
        Fetched<Boolean> r = subscriptions.sendTest(id, token);
        return manageView(id, token, r.ok() ? "A test webhook is on its way; its attempt appears in the log below."
                : r.failure());
    }

    @POST
    @Path("/{id}/delete")
    public TemplateInstance delete(@PathParam("id") String idParam, @CookieParam(TOKEN_COOKIE) String token) {
        UUID id = uuid(idParam, "id");
        Fetched<Boolean> r = subscriptions.delete(id, token);
        return manageView(id, token, r.ok() ? "Deleted." : r.failure());
    }

    private TemplateInstance manageView(UUID id, String token, String message) {
        if (token == null || token.isBlank()) {
            return Templates.manage(new ManageView(null, "", List.of(), message,
                    "Open this subscription with its token first (on the Alerts page)."), FilterForm.EMPTY, "alerts",
                    List.of());
        }
        Fetched<SubscriptionModels.Subscription> s = subscriptions.get(id, token);
        Fetched<List<SubscriptionModels.Delivery>> log = s.ok() ? subscriptions.deliveries(id, token) : Fetched.of(List.of());
        String failure = !s.ok() ? s.failure() : log.failure();
        return Templates.manage(new ManageView(s.value(), s.ok() ? describe(s.value().filters()) : "",
                log.orElse(List.of()), message, failure),
                s.ok() ? FilterForm.of(s.value().filters(), s.value().digest()) : FilterForm.EMPTY, "alerts", List.of());
    }

    private static String describe(SubscriptionModels.Filters f) {
        if (f == null) {
            return "everything";
        }
        List<String> parts = new ArrayList<>();
        if (f.imposers() != null && !f.imposers().isEmpty()) parts.add("imposers " + String.join(", ", f.imposers()));
        if (f.partners() != null && !f.partners().isEmpty()) parts.add("partners " + String.join(", ", f.partners()));
        if (f.products() != null && !f.products().isEmpty()) parts.add("products " + String.join(", ", f.products()));
        if (f.kinds() != null && !f.kinds().isEmpty()) parts.add("kinds " + String.join(", ", f.kinds()));
        if (f.minDelta() != null) parts.add("moves of at least " + f.minDelta().stripTrailingZeros().toPlainString() + " points");
        if (f.minStage() != null) parts.add("from stage " + f.minStage());
        return parts.isEmpty() ? "everything" : String.join("; ", parts);
    }

    /** The form's filters; what cannot even be sent (a number that is not one) is reported with the form's names. */
    private static SubscriptionModels.Filters filters(MultivaluedMap<String, String> form,
                                                      List<UpstreamProblem.FieldError> errors) {
        BigDecimal minDelta = null;
        String delta = blankToNull(form.getFirst("minDelta"));
        if (delta != null) {
            try {
                minDelta = new BigDecimal(delta);
            } catch (NumberFormatException e) {
                errors.add(new UpstreamProblem.FieldError("/filters/minDelta", "number", delta, "a number of points"));
            }
        }
        Stage minStage = null;
        String stage = blankToNull(form.getFirst("minStage"));
        if (stage != null) {
            try {
                minStage = Stage.valueOf(stage);
            } catch (IllegalArgumentException e) {
                errors.add(new UpstreamProblem.FieldError("/filters/minStage", "enum", stage, "ENACTED, ANNOUNCED or THREATENED"));
            }
        }
        List<String> kinds = form.get("kinds") == null ? List.of() : form.get("kinds");
        return new SubscriptionModels.Filters(codes(form.getFirst("imposers"), true), codes(form.getFirst("partners"), true),
                codes(form.getFirst("products"), false), kinds, minDelta, minStage);
    }

    /** "us, cn" → [US, CN]; at most 300 entries (the service has its own bounds). */
    private static List<String> codes(String text, boolean upperCase) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).limit(300)
                .map(s -> upperCase ? s.toUpperCase(Locale.ROOT) : s).toList();
    }

    private static UUID uuid(String value, String name) {
        try {
            return UUID.fromString(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw new PageParams.BadPageParameter(name, value, "the subscription's id, as shown when it was created");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
