package io.tariffwatch.dashboard.upstream;

import java.util.List;
import java.util.stream.Collectors;

/** A service's RFC 9457 problem details, as far as a page shows them. */
public record UpstreamProblem(int status, String title, String detail, List<FieldError> errors) {
    public record FieldError(String pointer, String rule, Object value, String message) {
    }

    public List<FieldError> errorsOrEmpty() {
        return errors == null ? List.of() : errors;
    }

    /** One line: the detail, then each bad field. */
    public String describe() {
        String fields = errorsOrEmpty().stream().map(e -> e.pointer() + ": " + e.message())
                .collect(Collectors.joining("; "));
        String head = detail != null ? detail : title != null ? title : "refused (" + status + ")";
        return fields.isEmpty() ? head : head + " — " + fields;
    }
}
