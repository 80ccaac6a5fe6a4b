package io.tariffwatch.ingest.api;

import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses request bodies over 1 MiB (the README's "Publishing policy events") with a 413 problem, before they are read. */
public class BodyLimitFilter {
    static final long MAX_BODY_BYTES = 1024 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        return request.getLength() > MAX_BODY_BYTES ? problem().toResponse() : null;
    }

    /** For bodies sent without a Content-Length. */
    public static void check(String body) {
        if (body != null && body.length() > MAX_BODY_BYTES / 4
                && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ProblemException(problem());
        }
    }

    private static Problem problem() {
        return Problem.of(413, "Content Too Large", "the body is over 1 MiB; split a batch into smaller ones", null);
    }
}
