package io.tariffwatch.rates.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** The additional duty of one product key moves at {@code at} from {@code previous} to {@code next}. */
public record Transition(Instant at, BigDecimal previous, BigDecimal next) {
    public boolean sameMoveAs(BigDecimal otherPrevious, BigDecimal otherNext) {
        return previous.compareTo(otherPrevious) == 0 && next.compareTo(otherNext) == 0;
    }
}
