package io.tariffwatch.rates.domain;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.rates.domain.MeasureTimeline.Part;
import io.tariffwatch.rates.domain.TariffBook.MeasureSummary;
import io.tariffwatch.rates.domain.TariffBook.TimelineStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The measures of an imposer as a read model: attributes, source events, and a partner's timeline of each. */
final class MeasureCatalog {
    private MeasureCatalog() {
    }

    /**
     * The measures of {@code imposer} (all of them, or those that ever target {@code partner}), each with its
     * attributes, its source events in publishing order and, for a partner, its headline timeline.
     */
    static List<MeasureSummary> summaries(List<Fact> facts, String imposer, String partner) {
        Map<String, List<Fact>> byMeasure = new LinkedHashMap<>();
        for (Fact f : facts) {
            if (f.measureId() != null) {
                byMeasure.computeIfAbsent(f.measureId(), k -> new ArrayList<>()).add(f);
            }
        }
        List<MeasureSummary> summaries = new ArrayList<>();
        byMeasure.forEach((id, measureFacts) -> {
            List<Fact> onPartner = partner == null ? null
                    : measureFacts.stream().filter(f -> f.targets(imposer, partner)).toList();
            if (onPartner != null && onPartner.isEmpty()) {
                return;
            }
            PairDuties.MeasureMeta meta = PairDuties.MeasureMeta.of(measureFacts);
            List<PolicyEvent> events = measureFacts.stream().map(Fact::event).toList();
            List<TimelineStep> timeline = onPartner == null ? null : timeline(measureFacts, onPartner);
            summaries.add(new MeasureSummary(id, imposer, meta.authority(), meta.title(), meta.role(), meta.basis(),
                    meta.yieldsTo(), events, timeline));
        });
        return summaries;
    }

    /** One measure's own rate on a partner's general goods over time (before yields and floors), at the instants of
     * all of its {@code facts}, from {@code onPartner}, those that target the partner. */
    private static List<TimelineStep> timeline(List<Fact> facts, List<Fact> onPartner) {
        TreeSet<Instant> instants = new TreeSet<>();
        for (Fact f : facts) {
            if (f.from() != null) {
                instants.add(f.from());
            }
            if (f.until() != null) {
                instants.add(f.until());
            }
        }
        MeasureTimeline measure = new MeasureTimeline(onPartner);
        List<TimelineStep> steps = new ArrayList<>();
        Part previous = null;
        Instant start = null;
        for (Instant t : instants) {
            Part part = measure.part(null, t, new LinkedHashSet<>());
            if (start != null && Part.same(part, previous)) {
                continue;
            }
            if (start != null) {
                steps.add(TimelineStep.of(start, t, previous));
            }
            start = t;
            previous = part;
        }
        if (start != null) {
            steps.add(TimelineStep.of(start, null, previous));
        }
        return steps;
    }
}
