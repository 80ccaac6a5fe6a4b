package io.tariffwatch.support.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.tariffwatch.support.AdminGate;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@IfBuildProperty(name = OutboxConfig.ENABLED, stringValue = "true")
@Path("/api/v1/admin/outbox/parked")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxAdminResource {
    private final OutboxParking parking;
    private final AdminGate gate;

    OutboxAdminResource(OutboxParking parking, AdminGate gate) {
        this.parking = parking;
        this.gate = gate;
    }

    @GET
    @Operation(summary = "Outbox records the broker refused for good, oldest first (admin key)")
    public List<OutboxParking.ParkedRecord> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                 @QueryParam("limit") @DefaultValue("100") int limit) {
        gate.requireAdmin(authorization);
        return parking.list(limit);
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Send a parked record again with the next batch (admin key)")
    public Response retry(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id) {
        gate.requireAdmin(authorization);
        parking.retry(id);
        return Response.accepted().build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Drop a parked record for good (admin key)")
    public Response drop(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") long id) {
        gate.requireAdmin(authorization);
        parking.drop(id);
        return Response.noContent().build();
    }
}
