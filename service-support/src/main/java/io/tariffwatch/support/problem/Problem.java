package io.tariffwatch.support.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** RFC 9457 problem details, with the list of bad fields when the input was at fault. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field: a JSON pointer to it, the rule it breaks, the value it had and a sentence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String pointer, String rule, Object value, String message) {
    }

    public static Problem of(Response.Status status, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), detail, null);
    }

    /** 400 for a body that is not JSON, or breaks a parsing bound (depth, number length: no location then). */
    public static Problem notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return of(400, "Bad Request", "the body is not valid JSON: " + e.getOriginalMessage()
                + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()), null);
    }

    /** 400 for one bad parameter or field. */
    public static Problem invalid(String pointer, String rule, Object value, String message) {
        return of(400, "Bad Request", message, List.of(new FieldError(pointer, rule, value, message)));
    }

    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        return new Problem("about:blank", title, status, detail, null, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
