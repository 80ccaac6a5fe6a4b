package io.tariffwatch.alerts.matching;

import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an alert is about, in the terms filters speak: the imposer, the partners (one for a rate change;
 * an event's targets, possibly {@code *} or {@code EU}, for an informational event), the product key
 * ({@code *} = general goods), the kind, the stage and the move in points (null where nothing moved).
 */
public record AlertSource(String id, AlertType type, String imposer, List<String> partners, String product,
                          AlertKind kind, Stage stage, BigDecimal delta) {
}
