package io.tariffwatch.rates.announcing;

import java.math.BigDecimal;
import java.time.Instant;

/** A transition as subscribers were told it, and the id of the rate change that told them. */
public record Announced(Instant at, BigDecimal previous, BigDecimal next, String rateChangeId) {
}
