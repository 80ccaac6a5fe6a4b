package io.tariffwatch.support.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.tariffwatch.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@IfBuildProperty(name = OutboxConfig.ENABLED, stringValue = "true")
@Path("/api/v1/admin/outbox/parked")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class OutboxAdminResource {
    private final OutboxParking parking;

    OutboxAdminResource(OutboxParking parking) {
        this.parking = parking;
    }

    @GET
    @Operation(summary = "Outbox records the broker refused for good, oldest first (admin key)")
    public List<OutboxParking.ParkedRecord> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return parking.list(limit);
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Send a parked record again with the next batch (admin key)")
    public Response retry(@PathParam("id") long id) {
        parking.retry(id);
        return Response.accepted().build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Drop a parked record for good (admin key)")
    public Response drop(@PathParam("id") long id) {
        parking.drop(id);
        return Response.noContent().build();
    }
}
