package io.tariffwatch.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A policy event as CONTRACT section 2 defines it. On {@code policy.events} it carries the
 * {@code sequence} and {@code recordedAt} that policy-ingest added.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyEvent(
        String id,
        Kind kind,
        Stage stage,
        String imposer,
        List<String> targets,
        List<String> exceptTargets,
        Measure measure,
        Products products,
        BigDecimal rate,
        Map<String, BigDecimal> productRates,
        OffsetDateTime effectiveFrom,
        OffsetDateTime effectiveUntil,
        Deal deal,
        List<PolicyEvent> changes,
        Talks talks,
        OffsetDateTime announcedAt,
        String headline,
        String summary,
        Source source,
        Long sequence,
        OffsetDateTime recordedAt) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Measure(String id, String authority, String title, List<String> yieldsTo, Role role, Basis basis) {
    }

    public enum Role { ADDITIONAL, BASE }

    public enum Basis { ADD, FLOOR }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Products(List<String> include, List<String> exclude) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deal(String id, String title, List<String> parties) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Talks(OffsetDateTime startsAt, OffsetDateTime endsAt, String location, List<String> parties) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String url, String citation, String publisher) {
    }

    public Stage stageOrDefault() {
        return stage == null ? Stage.ENACTED : stage;
    }
}
