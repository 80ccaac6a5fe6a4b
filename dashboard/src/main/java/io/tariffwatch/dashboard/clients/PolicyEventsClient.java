package io.tariffwatch.dashboard.clients;

import io.tariffwatch.events.PolicyEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** policy-ingest's read API, with a reader key (README "Publishing policy events", Reading). */
@RegisterRestClient(configKey = "policy-ingest")
@Path("/api/v1/policy-events")
@Produces(MediaType.APPLICATION_JSON)
public interface PolicyEventsClient {
    @GET
    EventPage list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("imposer") String imposer,
                   @QueryParam("page") int page, @QueryParam("size") int size);

    record EventPage(List<PolicyEvent> items, int page, int size, long total) {
    }
}
