package io.tariffwatch.rates.api;

import io.tariffwatch.rates.persistence.ReplicaRepository.RebuildOutcome;
import io.tariffwatch.rates.replicas.Rebuilds;
import io.tariffwatch.support.AdminGate;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final Rebuilds rebuilds;
    private final AdminGate gate;

    AdminResource(Rebuilds rebuilds, AdminGate gate) {
        this.rebuilds = rebuilds;
        this.gate = gate;
    }

    public record RebuildResult(int eventsRead, int eventsApplied, long millis) {
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Forget the engine's state and apply all of policy.events again (admin key); "
            + "transitions that have already come are not emitted again. Any replica takes it: the leading one runs it, "
            + "the others reload their books")
    public RebuildResult rebuild(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.requireAdmin(authorization);
        long start = System.nanoTime();
        RebuildOutcome rebuilt = rebuilds.rebuild();
        return new RebuildResult(rebuilt.eventsRead(), rebuilt.eventsApplied(), (System.nanoTime() - start) / 1_000_000);
    }
}
