package io.tariffwatch.dashboard.services;

import io.tariffwatch.dashboard.clients.RateEngineClient;
import io.tariffwatch.dashboard.clients.RateModels;
import io.tariffwatch.dashboard.upstream.Fetched;
import io.tariffwatch.dashboard.upstream.Upstream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** What the pages ask of the rate engine, each answer {@link Fetched} so that an outage leaves a page whole. */
@ApplicationScoped
public class TariffService {
    /** At most this many steps of a pair's history are decomposed by measure (one rate query each). */
    static final int MAX_DECOMPOSED_STEPS = 60;

    private final RateEngineClient rates;
    private final Upstream engine;

    TariffService(@RestClient RateEngineClient rates, @Named("rate-engine") Upstream engine) {
        this.rates = rates;
        this.engine = engine;
    }

    public Fetched<List<String>> imposers() {
        return engine.fetch(() -> rates.imposers().imposers());
    }

    public Fetched<RateModels.Headlines> headlines(String imposer, Instant at, Instant knownAt, String include) {
        return engine.fetch(() -> rates.headlines(imposer, text(at), text(knownAt), include));
    }

    public Fetched<RateModels.Duty> duty(String imposer, String partner, String hs, Instant at, Instant knownAt,
                                         String include) {
        return engine.fetch(() -> rates.rate(imposer, partner, hs, text(at), text(knownAt), include));
    }

    public Fetched<List<RateModels.Measure>> measures(String imposer, String partner) {
        return engine.fetch(() -> rates.measures(imposer, partner));
    }

    /** The imposers' transitions in [from, to) on general goods, the same move of one cause on many partners as one
     * group, oldest first. */
    public Fetched<List<ChangeGroup>> changes(List<String> imposers, String partner, Instant from, Instant to,
                                              Instant knownAt) {
        return engine.fetch(() -> {
            List<ChangeGroup> groups = new ArrayList<>();
            for (String imposer : imposers) {
                RateModels.Changes changes = rates.changes(imposer, partner, text(from), text(to), text(knownAt),
                        null, 5000);
                groups.addAll(ChangeGroup.group(imposer, changes.changes()));
            }
            groups.sort(Comparator.comparing(ChangeGroup::at));
            return groups;
        });
    }

    /** The pair's duty over [from, to) step by step, each step split into its measures' parts. */
    public Fetched<List<DecomposedStep>> decomposedHistory(String imposer, String partner, String hs, Instant from,
                                                          Instant to, Instant knownAt, String include) {
        return engine.fetch(() -> {
            List<RateModels.HistoryStep> steps = rates.history(imposer, partner, hs, text(from), text(to),
                    text(knownAt), include);
            List<DecomposedStep> decomposed = new ArrayList<>();
            for (RateModels.HistoryStep step : steps.subList(Math.max(0, steps.size() - MAX_DECOMPOSED_STEPS),
                    steps.size())) {
                RateModels.Duty duty = rates.rate(imposer, partner, hs, text(step.from()), text(knownAt), include);
                Map<String, java.math.BigDecimal> parts = new LinkedHashMap<>();
                duty.components().forEach(c -> parts.merge(c.measureId(), c.rate(), java.math.BigDecimal::add));
                decomposed.add(new DecomposedStep(step.from(), step.until(), step.additional(), parts));
            }
            return decomposed;
        });
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    /** One step of a pair's history: its additional duty and each measure's part of it. */
    public record DecomposedStep(Instant from, Instant until, java.math.BigDecimal additional,
                                 Map<String, java.math.BigDecimal> byMeasure) {
    }
}
