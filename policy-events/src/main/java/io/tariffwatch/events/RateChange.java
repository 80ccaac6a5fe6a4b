package io.tariffwatch.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A change of the additional duty of one (imposer, partner, product key): CONTRACT section 4. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateChange(
        String id,
        String imposer,
        String partner,
        String product,
        BigDecimal previousRate,
        BigDecimal newRate,
        BigDecimal delta,
        OffsetDateTime effectiveFrom,
        boolean retroactive,
        Cause cause,
        List<Component> components,
        OffsetDateTime computedAt) {

    /** What brought the change: an event, or {@code PAUSE_EXPIRED}/{@code EXPIRED} for an end reached by time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(String eventId, String kind, String measureId, Stage stage, String headline, String sourceUrl) {
    }

    /** One measure's part of a rate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String measureId, String authority, BigDecimal rate, ComponentState state) {
    }

    public enum ComponentState { ACTIVE, PAUSED, YIELDED }

    public String key() {
        return imposer + ":" + partner;
    }
}
