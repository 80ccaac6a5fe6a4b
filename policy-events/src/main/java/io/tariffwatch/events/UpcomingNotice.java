package io.tariffwatch.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A known future change of a duty, announced ahead (the README's "Rate changes", topic {@code tariff.notices}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpcomingNotice(String id, String imposer, String partner, String product, BigDecimal currentRate,
                             BigDecimal upcomingRate, OffsetDateTime at, RateChange.Cause cause)
        implements TopicRecord {
    @Override
    public String key() {
        return new TradePair(imposer, partner).key();
    }

    @Override
    public String topic() {
        return Topics.NOTICES;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_RATE_UPCOMING;
    }
}
