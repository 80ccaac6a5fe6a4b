package io.tariffwatch.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.tariffwatch.support.domain.Refused;
import io.tariffwatch.support.quota.QuotaExceeded;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error a client can cause answers with problem details; anything else is logged and a 500. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response refused(Refused e) {
        return of(e).toResponse();
    }

    /** A domain refusal as problem details. */
    public static Problem of(Refused e) {
        return switch (e.reason()) {
            case NOT_FOUND -> Problem.of(Response.Status.NOT_FOUND, e.getMessage());
            case CONFLICT -> Problem.of(Response.Status.CONFLICT, e.getMessage());
            case INVALID -> Problem.of(422, "Unprocessable Content", e.getMessage(), e.violations());
            case UNAVAILABLE -> Problem.of(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        };
    }

    /** A bearer token nobody holds: its provider says why. */
    @ServerExceptionMapper
    public Response unknownCaller(AuthenticationFailedException e) {
        return challenge(e.getMessage() == null || e.getMessage().isBlank()
                ? "the bearer token is unknown or revoked" : e.getMessage());
    }

    /** No token where {@code @RolesAllowed} asks for one. */
    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException e) {
        return challenge("send 'Authorization: Bearer <key or token>'");
    }

    @ServerExceptionMapper
    public Response notPermitted(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "this key or token does not allow this").toResponse();
    }

    private static Response challenge(String detail) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return Problem.notJson(e).toResponse();
    }

    /** JSON of the wrong shape for the request type (an array where an object belongs): also a problem. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return Problem.notJson(e).toResponse();
    }

    @ServerExceptionMapper
    public Response overQuota(QuotaExceeded e) {
        return Response.fromResponse(Problem.of(429, "Too Many Requests", e.getMessage(), null).toResponse())
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response r = e.getResponse();
        Response.StatusType status = r.getStatusInfo();
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), null).toResponse();
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "an unexpected error; it has been logged")
                .toResponse();
    }
}
