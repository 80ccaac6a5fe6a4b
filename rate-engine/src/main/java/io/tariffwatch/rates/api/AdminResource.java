package io.tariffwatch.rates.api;

import io.tariffwatch.rates.persistence.ReplicaRepository.RebuildOutcome;
import io.tariffwatch.rates.replicas.Rebuilds;
import io.tariffwatch.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminResource {
    private final Rebuilds rebuilds;

    AdminResource(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    public record RebuildResult(int eventsRead, int eventsApplied, long millis) {
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Forget the engine's state and apply all of policy.events again (admin key); "
            + "transitions that have already come are not emitted again. Any replica takes it: the leading one runs it, "
            + "the others reload their books")
    public RebuildResult rebuild() {
        long start = System.nanoTime();
        RebuildOutcome rebuilt = rebuilds.rebuild();
        return new RebuildResult(rebuilt.eventsRead(), rebuilt.eventsApplied(), (System.nanoTime() - start) / 1_000_000);
    }
}
