package io.tariffwatch.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A change of the additional duty of one (imposer, partner, product key) at {@code effectiveFrom}, with
 * corrections (the README's "Rate changes"). With {@code corrects} set it replaces the
 * earlier rate change of that instant; with {@code corrects} set and no rates it withdraws it: the
 * duty does not move then after all. {@code revision} orders all rate changes: a subscriber applies them
 * in that order (deliveries may overtake one another).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateChange(
        String id,
        long revision,
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
        OffsetDateTime computedAt,
        Corrects corrects) implements TopicRecord {

    /** The earlier rate change a correction replaces, as it was announced. */
    public record Corrects(String rateChangeId, BigDecimal previousRate, BigDecimal newRate) {
    }

    public boolean correction() {
        return corrects != null;
    }

    public boolean withdrawal() {
        return corrects != null && newRate == null;
    }

    /** What brought the change: an event, or {@code PAUSE_EXPIRED}/{@code EXPIRED} for an end reached by time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(String eventId, CauseKind kind, String measureId, Stage stage, String headline, String sourceUrl) {
    }

    /** One measure's part of a rate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String measureId, String authority, BigDecimal rate, ComponentState state) {
    }

    public enum ComponentState { ACTIVE, PAUSED, YIELDED }

    @Override
    public String key() {
        return new TradePair(imposer, partner).key();
    }

    @Override
    public String topic() {
        return Topics.RATE_CHANGES;
    }

    @Override
    public String cloudEventType() {
        return correction() ? CloudEvents.TYPE_RATE_CORRECTED : CloudEvents.TYPE_RATE_CHANGED;
    }
}
