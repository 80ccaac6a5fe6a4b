package io.tariffwatch.alerts.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.subscriptions.Filters;
import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each filter alone, then combined, against a rate change US→CN on HS 851713, +125 points, enacted HIKE. */
class AlertMatcherTest {
    static final AlertSource CHANGE = new AlertSource("c1", AlertType.RATE_CHANGED, "US", List.of("CN"), "851713",
            AlertKind.HIKE, Stage.ENACTED, new BigDecimal("125"));
    static final AlertSource CUT = new AlertSource("c2", AlertType.RATE_CHANGED, "US", List.of("CN"), "*",
            AlertKind.CUT, Stage.ENACTED, new BigDecimal("-115"));
    static final AlertSource TALKS = new AlertSource("t1", AlertType.POLICY_ANNOUNCED, "US", List.of("CN"), null,
            AlertKind.TALKS, Stage.ANNOUNCED, null);
    static final AlertSource STAR = new AlertSource("s1", AlertType.POLICY_ANNOUNCED, "US", List.of("*"), null,
            AlertKind.HIKE, Stage.THREATENED, null);
    static final AlertSource ON_DE = new AlertSource("d1", AlertType.RATE_CHANGED, "US", List.of("DE"), "*",
            AlertKind.HIKE, Stage.ENACTED, BigDecimal.TEN);

    static final AlertSource DOCUMENT = new AlertSource("doc1", AlertType.POLICY_DOCUMENT, "US", List.of(), null,
            AlertKind.DOCUMENT, null, null);

    static Filters f(List<String> imposers, List<String> partners, List<String> products, List<String> kinds,
                     String minDelta, Stage minStage) {
        return new Filters(imposers, partners, products, kinds.stream().map(AlertKind::valueOf).toList(), minDelta == null ? null : new BigDecimal(minDelta), minStage);
    }

    static Arguments row(String name, Filters filters, AlertSource source, boolean matches) {
        return Arguments.of(name, filters, source, matches);
    }

    static Stream<Arguments> table() {
        List<String> none = List.of();
        return Stream.of(
                row("empty filters match everything", Filters.ALL, CHANGE, true),
                row("documents only to those who ask", Filters.ALL, DOCUMENT, false),
                row("the DOCUMENT kind takes documents", f(none, none, none, List.of("DOCUMENT"), null, null), DOCUMENT, true),
                row("the DOCUMENT kind alone takes no rate change", f(none, none, none, List.of("DOCUMENT"), null, null),
                        CHANGE, false),
                row("documents of an imposer listed", f(List.of("US"), none, none, List.of("DOCUMENT", "HIKE"), null, null),
                        DOCUMENT, true),
                row("documents of an imposer not listed", f(List.of("CN"), none, none, List.of("DOCUMENT"), null, null),
                        DOCUMENT, false),
                row("partner, product and minDelta filters do not hold documents back",
                        f(none, List.of("CN"), List.of("8517"), List.of("DOCUMENT"), "50", Stage.ENACTED), DOCUMENT, true),
                row("imposer listed", f(List.of("US"), none, none, none, null, null), CHANGE, true),
                row("imposer not listed", f(List.of("CN"), none, none, none, null, null), CHANGE, false),
                row("partner listed", f(none, List.of("CN", "JP"), none, none, null, null), CHANGE, true),
                row("partner not listed", f(none, List.of("JP"), none, none, null, null), CHANGE, false),
                row("EU filter takes a member's change", f(none, List.of("EU"), none, none, null, null), ON_DE, true),
                row("member filter takes an event on the EU", f(none, List.of("FR"), none, none, null, null),
                        new AlertSource("e", AlertType.POLICY_ANNOUNCED, "US", List.of("EU"), null, AlertKind.HIKE, Stage.ANNOUNCED, null), true),
                row("any partner takes an event aimed at *", f(none, List.of("VN"), none, none, null, null), STAR, true),
                row("product filter shorter than the key", f(none, none, List.of("85"), none, null, null), CHANGE, true),
                row("product filter longer than the key", f(none, none, List.of("8517130000"), none, null, null), CHANGE, true),
                row("product filter with dots", f(none, none, List.of("8517.13"), none, null, null), CHANGE, true),
                row("product filter elsewhere", f(none, none, List.of("8703"), none, null, null), CHANGE, false),
                row("general goods concern every product", f(none, none, List.of("8703"), none, null, null), CUT, true),
                row("kind listed", f(none, none, none, List.of("HIKE"), null, null), CHANGE, true),
                row("kind not listed", f(none, none, none, List.of("PAUSE_EXPIRED"), null, null), CHANGE, false),
                row("minDelta met", f(none, none, none, none, "125", null), CHANGE, true),
                row("minDelta missed", f(none, none, none, none, "126", null), CHANGE, false),
                row("minDelta on a negative delta uses its size", f(none, none, none, none, "100", null), CUT, true),
                row("minDelta on a small negative delta", f(none, none, none, none, "120", null), CUT, false),
                row("minDelta lets informational events through", f(none, none, none, none, "50", null), TALKS, true),
                row("minStage ENACTED drops announcements", f(none, none, none, none, null, Stage.ENACTED), TALKS, false),
                row("minStage ANNOUNCED takes announcements", f(none, none, none, none, null, Stage.ANNOUNCED), TALKS, true),
                row("minStage ANNOUNCED drops threats", f(none, none, none, none, null, Stage.ANNOUNCED), STAR, false),
                row("combined, all met", f(List.of("US"), List.of("CN"), List.of("8517"), List.of("HIKE", "CUT"), "100",
                        Stage.ENACTED), CHANGE, true),
                row("combined, one missed", f(List.of("US"), List.of("CN"), List.of("8517"), List.of("CUT"), "100",
                        Stage.ENACTED), CHANGE, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matches(String name, Filters filters, AlertSource source, boolean expected) {
        assertEquals(expected, AlertMatcher.matches(filters, source), name);
    }

    @Test
    void everyCauseAndEventKindIsAKindFiltersName() {
        for (CauseKind cause : CauseKind.values()) {
            assertEquals(cause.name(), AlertKind.of(cause).name());
        }
        for (Kind kind : Kind.values()) {
            assertEquals(kind.name(), AlertKind.of(kind).name());
        }
    }
}
