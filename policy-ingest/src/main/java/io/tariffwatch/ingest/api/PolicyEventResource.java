package io.tariffwatch.ingest.api;

import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;
import io.tariffwatch.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tariffwatch.ingest.repository.StoredPolicyEvent;
import io.tariffwatch.ingest.service.AcceptedEvent;
import io.tariffwatch.ingest.service.PolicyEventService;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.DateTimes;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.Stage;
import io.tariffwatch.ingest.repository.PolicyEventQuery;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.time.OffsetDateTime;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/policy-events")
@Tag(name = "policy events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READER) // any key reads; publishing says so
public class PolicyEventResource {
    static final int MAX_BATCH = 1000;
    static final int MAX_PAGE = 500;

    private final PolicyEventService events;
    private final ObjectMapper mapper;
    private final PolicyEventQuery query;

    PolicyEventResource(PolicyEventService events, ObjectMapper mapper, PolicyEventQuery query) {
        this.events = events;
        this.mapper = mapper;
        this.query = query;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish one policy event: 202 recorded, 200 repeat of the same id and content, "
            + "409 same id with other content, 422 invalid")
    @RolesAllowed(Roles.PUBLISHER)
    public Uni<Response> publish(@Context SecurityContext caller, String body) {
        // on the I/O thread, which reads the body, checks the event and queues it for the group commit: no worker
        // thread is taken, read into or woken per event (those hops had been a fifth of policy-ingest's work)
        return Uni.createFrom().completionStage(events.acceptLater(parse(body), caller.getUserPrincipal().getName()))
                .map(accepted -> Response.status(accepted.repeat() ? 200 : 202).entity(accepted.json()).build());
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish up to 1,000 policy events, all or nothing")
    @RolesAllowed(Roles.PUBLISHER)
    public Response publishBatch(@Context SecurityContext caller, String body) {
        JsonNode batch = parse(body);
        if (!batch.isArray() || batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw new ProblemException(Problem.of(422, "Unprocessable Content", "a batch is a JSON array of 1 to "
                    + MAX_BATCH + " policy events", List.of(new Problem.FieldError("", "batch-size",
                    batch.isArray() ? batch.size() : batch.getNodeType().name(), "1 to " + MAX_BATCH + " events"))));
        }
        List<JsonNode> list = new ArrayList<>();
        batch.forEach(list::add);
        List<AcceptedEvent> accepted = events.acceptAll(list, caller.getUserPrincipal().getName());
        boolean anyNew = accepted.stream().anyMatch(a -> !a.repeat());
        return Response.status(anyNew ? 202 : 200)
                .entity(accepted.stream().map(AcceptedEvent::json).collect(Collectors.joining(",", "[", "]"))).build();
    }

    public record EventPage(List<JsonNode> items, int page, int size, long total) {
    }

    @GET
    @Operation(summary = "Accepted events, oldest first, filtered by imposer, target, kind, stage and effectiveFrom "
            + "in [from, to); paged")
    public EventPage list(@QueryParam("imposer") String imposer, @QueryParam("target") String target,
                          @QueryParam("kind") String kind, @QueryParam("stage") String stage,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        PolicyEventQuery.Filter filter = new PolicyEventQuery.Filter(
                code("imposer", imposer, errors), code("target", target, errors),
                oneOf("kind", kind, Kind.class, errors), oneOf("stage", stage, Stage.class, errors),
                dateTime("from", from, errors), dateTime("to", to, errors));
        if (page < 0) {
            errors.add(new Problem.FieldError("page", "range", page, "0 or more"));
        }
        if (size < 1 || size > MAX_PAGE) {
            errors.add(new Problem.FieldError("size", "range", size, "1 to " + MAX_PAGE));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "some query parameters are not valid", errors));
        }
        PolicyEventQuery.Page result = query.find(filter, page, size);
        return new EventPage(result.rows().stream().map(r -> withPublisher(r.payload(), r.publisher())).toList(), page,
                size, result.total());
    }

    private static String code(String name, String value, List<Problem.FieldError> errors) {
        if (value != null && !Countries.isCountryOrEu(value)) {
            errors.add(new Problem.FieldError(name, "country-code", value, "an ISO 3166-1 alpha-2 code or EU"));
        }
        return value;
    }

    private static <E extends Enum<E>> E oneOf(String name, String value, Class<E> type, List<Problem.FieldError> errors) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        errors.add(new Problem.FieldError(name, "enum", value, "one of " + Arrays.toString(type.getEnumConstants())));
        return null;
    }

    private static OffsetDateTime dateTime(String name, String value, List<Problem.FieldError> errors) {
        if (value == null) {
            return null;
        }
        return DateTimes.parseDateTimeOrDate(value).orElseGet(() -> {
            errors.add(new Problem.FieldError(name, "date-time", value, "an ISO 8601 date-time with offset, or a date; " + DateTimes.BOUNDS));
            return null;
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One accepted event as recorded")
    public JsonNode get(@PathParam("id") String id) {
        StoredPolicyEvent stored = StoredPolicyEvent.findById(id);
        if (stored == null) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "no policy event with id '" + id + "'"));
        }
        return withPublisher(stored.payload, stored.publisher);
    }

    /** The read API also says which key published an event (policy.events does not). */
    private JsonNode withPublisher(String payload, String publisher) {
        ObjectNode event = (ObjectNode) events.read(payload);
        event.put("publisher", publisher);
        return event;
    }

    private JsonNode parse(String body) {
        BodyLimitFilter.check(body);
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "the body is empty; send a policy event as JSON", null));
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.notJson(e));
        }
    }
}
