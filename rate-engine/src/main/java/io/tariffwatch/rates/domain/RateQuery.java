package io.tariffwatch.rates.domain;

import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.Stage;
import java.time.Instant;

/**
 * What to compute: the duty of {@code imposer} on goods of HS code {@code hs} (null: general goods, the
 * headline) from {@code partner} at {@code at}, counting events of stage {@code minStage} or later and, when
 * {@code knownAt} is set, only events announced by then.
 */
public record RateQuery(String imposer, String partner, String hs, Instant at, Instant knownAt, Stage minStage) {
    public RateQuery {
        hs = hs == null || hs.isBlank() || HsCodes.isAllProducts(hs) ? null : hs.replace(".", "");
        minStage = minStage == null ? Stage.ENACTED : minStage;
    }

    public static RateQuery headline(String imposer, String partner, Instant at) {
        return new RateQuery(imposer, partner, null, at, null, Stage.ENACTED);
    }

    public RateQuery at(Instant instant) {
        return new RateQuery(imposer, partner, hs, instant, knownAt, minStage);
    }
}
