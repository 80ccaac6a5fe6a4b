package io.tariffwatch.rates.domain;

import io.tariffwatch.events.RateChange.Component;
import java.math.BigDecimal;
import java.util.List;

/** A computed duty: the base (MFN) rate, the additional duty, their total, each measure's part and the
 * events that made it. */
public record Rate(BigDecimal base, BigDecimal additional, List<Component> components, List<String> causes) {
    public BigDecimal total() {
        return base.add(additional);
    }

    public boolean sameDutyAs(Rate other) {
        return additional.compareTo(other.additional) == 0 && base.compareTo(other.base) == 0;
    }
}
