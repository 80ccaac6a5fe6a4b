package io.tariffwatch.dashboard.clients;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The rate API's answers, as the dashboard reads them. */
public final class RateModels {
    private RateModels() {
    }

    public record Imposers(List<String> imposers) {
    }

    public record Headline(String partner, BigDecimal additional, BigDecimal total) {
    }

    public record Headlines(String imposer, Instant at, List<Headline> partners) {
    }

    public record Duty(String imposer, String partner, String hs, Instant at, Instant knownAt, BigDecimal base,
                       BigDecimal additional, BigDecimal total, List<RateChange.Component> components,
                       List<String> causes) {
    }

    public record HistoryStep(Instant from, Instant until, BigDecimal additional, List<String> causes) {
    }

    public record PartnerChange(String partner, Instant at, BigDecimal previousRate, BigDecimal newRate,
                                BigDecimal delta, boolean retroactive, RateChange.Cause cause) {
    }

    public record Changes(String imposer, Instant from, Instant to, List<PartnerChange> changes, boolean truncated) {
    }

    public record TimelineStep(Instant from, Instant until, BigDecimal rate, boolean paused) {
    }

    public record Measure(String id, String imposer, String authority, String title, PolicyEvent.Role role,
                          PolicyEvent.Basis basis, List<String> yieldsTo, List<PolicyEvent> events,
                          List<TimelineStep> timeline) {
    }
}
