package io.tariffwatch.ingest.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.ingest.api.BodyLimitFilter;
import io.tariffwatch.ingest.service.AcceptedEvent;
import io.tariffwatch.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Drafts of policy events from feed documents (README "Feeds"): read with any key, decided with a publisher key. */
@Path("/api/v1/drafts")
@Tag(name = "drafts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READER) // any key reads; publishing says so
public class DraftResource {
    private final DraftService drafts;
    private final ObjectMapper mapper;

    DraftResource(DraftService drafts, ObjectMapper mapper) {
        this.drafts = drafts;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "Drafts of a status (OPEN by default), newest first, with their documents")
    public List<DraftService.DraftView> list(@QueryParam("status") @DefaultValue("OPEN") String status,
                                             @QueryParam("limit") @DefaultValue("50") int limit) {
        PolicyDraft.Status s;
        try {
            s = PolicyDraft.Status.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid("status", "enum", status, "OPEN, PUBLISHED or DISMISSED"));
        }
        if (limit < 1 || limit > DraftService.MAX_LISTED) {
            throw new ProblemException(Problem.invalid("limit", "range", limit, "1 to " + DraftService.MAX_LISTED));
        }
        return drafts.list(s, limit);
    }

    @GET
    @Path("/{id}")
    public DraftService.DraftView get(@PathParam("id") UUID id) {
        return drafts.get(id);
    }

    @POST
    @Path("/{id}/publish")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Complete the draft into a policy event (its fields but the source, which is the document) "
            + "and publish it: 202 recorded (200 the same again), 422 invalid, 409 decided already")
    @RolesAllowed(Roles.PUBLISHER)
    public Response publish(@Context SecurityContext caller, @PathParam("id") UUID id, String body) {
        BodyLimitFilter.check(body);
        JsonNode completion;
        try {
            completion = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.notJson(e));
        }
        AcceptedEvent accepted = drafts.publish(id, completion, caller.getUserPrincipal().getName());
        return Response.status(accepted.repeat() ? 200 : 202).entity(accepted.json()).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Dismiss the draft: it changes nothing and stays listed as DISMISSED")
    @RolesAllowed(Roles.PUBLISHER)
    public DraftService.DraftView dismiss(@Context SecurityContext caller, @PathParam("id") UUID id) {
        return drafts.dismiss(id, caller.getUserPrincipal().getName());
    }
}
