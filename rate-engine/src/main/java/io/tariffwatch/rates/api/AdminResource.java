package io.tariffwatch.rates.api;

import io.tariffwatch.rates.config.RatesConfig;
import io.tariffwatch.rates.engine.RateEngine;
import io.tariffwatch.rates.messaging.PolicyEventLog;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final RateEngine engine;
    private final PolicyEventLog log;
    private final RatesConfig config;

    AdminResource(RateEngine engine, PolicyEventLog log, RatesConfig config) {
        this.engine = engine;
        this.log = log;
        this.config = config;
    }

    public record RebuildResult(int eventsRead, int eventsApplied, long millis) {
    }

    @POST
    @Path("/rebuild")
    @Operation(summary = "Forget the engine's state and apply all of policy.events again (admin key); "
            + "transitions that have already come are not emitted again")
    public RebuildResult rebuild(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String key = config.adminKey().filter(k -> !k.isBlank()).orElseThrow(() -> new ProblemException(
                Problem.of(Response.Status.FORBIDDEN, "admin endpoints are closed: TARIFFWATCH_ADMIN_KEY is not set")));
        if (!Credentials.same(key, Credentials.bearer(authorization))) {
            throw new ProblemException(Problem.of(Response.Status.UNAUTHORIZED, "send 'Authorization: Bearer <admin key>'"));
        }
        long start = System.nanoTime();
        var events = log.readAll();
        int applied = engine.rebuild(events);
        return new RebuildResult(events.size(), applied, (System.nanoTime() - start) / 1_000_000);
    }
}
