package io.tariffwatch.rates.domain;

import io.tariffwatch.rates.domain.TariffBook.HistoryStep;
import io.tariffwatch.rates.domain.TariffBook.ScheduledChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The series one duty (a pair's, on one product) makes over time: its steps, and its transitions with their
 * causes. Read from the pair's prepared duties, so a long series costs one preparation. */
final class DutySeries {
    private final PairDuties duties;
    private final String hs;
    private final Function<Instant, Cause> causeAt;

    DutySeries(PairDuties duties, String hs, Function<Instant, Cause> causeAt) {
        this.duties = duties;
        this.hs = hs;
        this.causeAt = causeAt;
    }

    /** The piecewise-constant series over [from, to). */
    List<HistoryStep> history(Instant from, Instant to) {
        List<HistoryStep> steps = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        starts.add(from);
        starts.addAll(duties.instants().subSet(from, false, to, false));
        Rate current = null;
        Instant currentFrom = null;
        for (Instant start : starts) {
            Rate rate = duties.rate(hs, start);
            if (current == null || !rate.sameDutyAs(current)) {
                if (current != null) {
                    steps.add(new HistoryStep(currentFrom, start, current.additional(), current.causes()));
                }
                current = rate;
                currentFrom = start;
            }
        }
        steps.add(new HistoryStep(currentFrom, to, current.additional(), current.causes()));
        return steps;
    }

    /** The known transitions after {@code now}. */
    List<ScheduledChange> after(Instant now) {
        return changes(duties.instants().tailSet(now, false));
    }

    /** The transitions in [from, to). */
    List<ScheduledChange> between(Instant from, Instant to) {
        return changes(duties.instants().subSet(from, true, to, false));
    }

    private List<ScheduledChange> changes(Set<Instant> instants) {
        List<ScheduledChange> changes = new ArrayList<>();
        for (Instant t : instants) {
            Rate before = duties.rate(hs, t.minusNanos(1));
            Rate after = duties.rate(hs, t);
            if (!before.sameDutyAs(after)) {
                changes.add(new ScheduledChange(t, before, after, causeAt.apply(t)));
            }
        }
        return changes;
    }
}
