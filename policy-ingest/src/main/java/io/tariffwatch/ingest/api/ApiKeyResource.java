package io.tariffwatch.ingest.api;

import io.tariffwatch.ingest.repository.ApiKey;
import io.tariffwatch.ingest.service.ApiKeyService;
import io.tariffwatch.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Publisher API keys, for holders of an admin key. */
@Path("/api/v1/admin/api-keys")
@Tag(name = "api keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ApiKeyResource {
    private final ApiKeyService keys;

    ApiKeyResource(ApiKeyService keys) {
        this.keys = keys;
    }

    public record KeyRequest(String name, ApiKey.Role role) {
    }

    public record KeyView(String name, ApiKey.Role role, OffsetDateTime createdAt, OffsetDateTime revokedAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a key (role PUBLISHER, READER or ADMIN); its secret is in this answer only")
    public Response create(KeyRequest request) {
        KeyRequest r = request == null ? new KeyRequest(null, null) : request;
        return Response.status(Response.Status.CREATED).entity(keys.create(r.name(), r.role())).build();
    }

    @GET
    @Operation(summary = "Every key, without secrets")
    public List<KeyView> list() {
        return keys.list().stream().map(k -> new KeyView(k.name, k.role, k.createdAt, k.revokedAt)).toList();
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Revoke a key: it stops working at once")
    public Response revoke(@PathParam("name") String name) {
        keys.revoke(name);
        return Response.noContent().build();
    }
}
