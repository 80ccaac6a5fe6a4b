package io.tariffwatch.alerts.subscriptions;

import io.tariffwatch.alerts.alerts.AlertService;
import io.tariffwatch.alerts.alerts.DeliveryLog;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.security.ManagementTokenIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.tariffwatch.support.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import io.tariffwatch.support.quota.ClientQuotas;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/subscriptions")
@Tag(name = "subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MANAGEMENT_TOKEN, Roles.ADMIN}) // the public endpoints say @PermitAll
public class SubscriptionResource {
    /** Client addresses tracked at once for their quota; the least recently seen are forgotten beyond. */
    private static final int MAX_TRACKED_ADDRESSES = 100_000;

    private final SubscriptionService subscriptions;
    private final AlertService alerts;
    private final ClientQuotas newSubscriptionsPerAddress;
    private final SecurityIdentity caller;

    SubscriptionResource(SubscriptionService subscriptions, AlertService alerts, AlertConfig config,
                         SecurityIdentity caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
        this.alerts = alerts;
        this.newSubscriptionsPerAddress = new ClientQuotas("new subscriptions per client address",
                config.quota().newSubscriptionsPerAddress(), MAX_TRACKED_ADDRESSES);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe: 201 with the management token (and the signing secret for webhooks)")
    public Response create(SubscriptionRequest request, @Context HttpServerRequest http) {
        newSubscriptionsPerAddress.admit(http.remoteAddress().hostAddress());
        if (request == null) {
            throw new ProblemException(Problem.of(400, "Bad Request", "send a subscription as JSON", null));
        }
        return Response.status(Response.Status.CREATED).entity(subscriptions.create(request)).build();
    }

    @GET
    @Operation(summary = "Every subscription (admin key only)")
    @RolesAllowed(Roles.ADMIN)
    public List<SubscriptionView> list() {
        return subscriptions.all();
    }

    @GET
    @Path("/{id}")
    public SubscriptionView get(@PathParam("id") UUID id) {
        return subscriptions.view(id, manager());
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change filters or digest, or re-enable (status ACTIVE)")
    public SubscriptionView update(@PathParam("id") UUID id, SubscriptionRequest request) {
        return subscriptions.update(id, manager(), request);
    }

    @POST
    @Path("/{id}/secret")
    @Operation(summary = "Rotate a webhook's signing secret: the new one is shown once; the old one keeps signing "
            + "beside it for TARIFFWATCH_WEBHOOK_SECRET_GRACE (default 24 h)")
    public SubscriptionService.SecretRotation rotateSecret(@PathParam("id") UUID id) {
        return subscriptions.rotateSecret(id, manager());
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        subscriptions.delete(id, manager());
        return Response.noContent().build();
    }

    /** Alerts per page of the delivery log: by default, and at most. */
    private static final int LOG_PAGE = 100;
    private static final int LOG_PAGE_MAX = 1000;

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The delivery log: every attempt of every alert, newest first, a page of alerts at a time "
            + "(limit, default 100, at most 1000; the Link header rel=next gives the next page)")
    public Response deliveries(@PathParam("id") UUID id, @QueryParam("limit") String limit,
                               @QueryParam("after") String after) {
        Subscription owner = subscriptions.managed(id, manager());
        int alertsPerPage = pageSize(limit);
        DeliveryLog.Cursor cursor = null;
        if (after != null) {
            cursor = DeliveryLog.Cursor.parse(after);
            if (cursor == null) {
                throw new ProblemException(Problem.invalid("after", "cursor", after,
                        "after takes the value of a next link of this log"));
            }
        }
        DeliveryLog.Page page = alerts.deliveryLog(owner, cursor, alertsPerPage);
        Response.ResponseBuilder response = Response.ok(page.entries());
        if (page.next() != null) {
            response.header("Link", "<" + UriBuilder.fromPath("/api/v1/subscriptions/{id}/deliveries")
                    .queryParam("limit", alertsPerPage).queryParam("after", page.next().toString()).build(id)
                    + ">; rel=\"next\"");
        }
        return response.build();
    }

    private Manager manager() {
        return ManagementTokenIdentityProvider.manager(caller);
    }

    private static int pageSize(String limit) {
        if (limit == null) {
            return LOG_PAGE;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= LOG_PAGE_MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.invalid("limit", "range", limit, "limit is a whole number from 1 to " + LOG_PAGE_MAX));
    }

    @POST
    @Path("/{id}/deliveries/{alertId}/retry")
    @Operation(summary = "Send an alert again now, whatever its state (409 while it is in flight)")
    public Response retry(@PathParam("id") UUID id, @PathParam("alertId") UUID alertId) {
        subscriptions.resend(id, manager(), alertId);
        return Response.accepted().build();
    }

    public record TestQueued(String sourceId) {
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Send a test webhook now (type webhook.test, signed like every alert, in the delivery log); "
            + "409 for an e-mail or a disabled subscription")
    public Response test(@PathParam("id") UUID id) {
        return Response.accepted(new TestQueued(subscriptions.sendTest(id, manager()))).build();
    }

    /*
     * Links in e-mails open a page whose button POSTs: mail gateways that follow links (GET) to scan them
     * must not confirm or unsubscribe on their own. RFC 8058 one-click unsubscribe is that same POST.
     */

    @GET
    @Path("/{id}/{action: confirm|confirm-contact|unsubscribe}")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The links of the e-mails (confirm, unsubscribe): a page whose button POSTs; a GET changes nothing")
    public Response linkPage(@PathParam("id") UUID id, @PathParam("action") String action, @QueryParam("token") String token) {
        String label = switch (action) {
            case "confirm" -> "Confirm my TariffWatch alerts";
            case "confirm-contact" -> "Confirm TariffWatch notices to this address";
            default -> "Unsubscribe from these TariffWatch alerts";
        };
        String form = "<form method=\"post\" action=\"" + action + "?token=" + html(token == null ? "" : token)
                + "\"><button type=\"submit\">" + label + "</button></form>";
        return Response.ok(document(form)).type(MediaType.TEXT_HTML).build();
    }

    @POST
    @Path("/{id}/confirm")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirm the subscription's address (double opt-in)")
    public Response confirm(@PathParam("id") UUID id, @QueryParam("token") String token) {
        return page(subscriptions.confirm(id, token), "Your TariffWatch alerts are confirmed: they will start now.");
    }

    @POST
    @Path("/{id}/confirm-contact")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirm a contact address (it gets notices of a disable only once confirmed)")
    public Response confirmContact(@PathParam("id") UUID id, @QueryParam("token") String token) {
        return page(subscriptions.confirmContact(id, token),
                "Confirmed: this address will be told if the subscription is ever disabled.");
    }

    @POST
    @Path("/{id}/unsubscribe")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Unsubscribe: the page's button, and one-click unsubscribe (RFC 8058 List-Unsubscribe-Post)")
    public Response unsubscribe(@PathParam("id") UUID id, @QueryParam("token") String token) {
        return page(subscriptions.unsubscribe(id, token), "You are unsubscribed: TariffWatch will send nothing more.");
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String document(String body) {
        return "<!DOCTYPE html><html lang=\"en\"><body style=\"font-family: sans-serif\">" + body + "</body></html>";
    }

    private static Response page(boolean ok, String message) {
        String text = ok ? message : "This link is not valid (any more).";
        return Response.status(ok ? 200 : 404).type(MediaType.TEXT_HTML).entity(document("<p>" + text + "</p>")).build();
    }
}
