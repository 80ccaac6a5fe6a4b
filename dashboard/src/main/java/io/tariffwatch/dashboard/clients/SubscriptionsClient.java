package io.tariffwatch.dashboard.clients;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** alert-service's subscription API; a subscription's calls carry its management token. */
@RegisterRestClient(configKey = "alert-service")
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SubscriptionsClient {
    @POST
    SubscriptionModels.Subscription create(SubscriptionModels.Request request);

    @GET
    @Path("/{id}")
    SubscriptionModels.Subscription get(@PathParam("id") UUID id,
                                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @PATCH
    @Path("/{id}")
    SubscriptionModels.Subscription update(@PathParam("id") UUID id,
                                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                           SubscriptionModels.Request request);

    @DELETE
    @Path("/{id}")
    void delete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/{id}/deliveries")
    List<SubscriptionModels.Delivery> deliveries(@PathParam("id") UUID id,
                                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                 @QueryParam("limit") int limit);

    @POST
    @Path("/{id}/test")
    void sendTest(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @POST
    @Path("/{id}/deliveries/{alertId}/retry")
    void retry(@PathParam("id") UUID id, @PathParam("alertId") UUID alertId,
               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
