package io.tariffwatch.alerts.subscriptions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tariffwatch.alerts.matching.AlertKind;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.util.List;

/** What a subscriber cares about; an empty list matches everything. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Filters(List<String> imposers, List<String> partners, List<String> products, List<AlertKind> kinds,
                      BigDecimal minDelta, Stage minStage) {
    public static final Filters ALL = new Filters(List.of(), List.of(), List.of(), List.of(), null, null);

    public Filters {
        imposers = imposers == null ? List.of() : List.copyOf(imposers);
        partners = partners == null ? List.of() : List.copyOf(partners);
        products = products == null ? List.of() : products.stream().map(p -> p.replace(".", "")).toList();
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }
}
