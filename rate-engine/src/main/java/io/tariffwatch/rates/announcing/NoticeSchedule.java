package io.tariffwatch.rates.announcing;

import io.tariffwatch.events.TradePair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which pairs' notices are due now, each looked at once per lead and per refresh of the pair's timelines:
 * the scheduler asks every second, and a pair whose timelines have not changed since its notice for a
 * lead was handled is not looked at again (the notice ids make sending idempotent anyway; this keeps the
 * tick cheap). Plain Java: the engine sends, then says {@link #handled}.
 */
public final class NoticeSchedule {
    private final NoticeLeads leads;
    /** By transition instant, what was handled; forgotten once the instant has passed. */
    private final TreeMap<Instant, Set<Handled>> handled = new TreeMap<>();

    public NoticeSchedule(NoticeLeads leads) {
        this.leads = leads;
    }

    /** A pair's notices for one lead, as of one refresh of its timelines. */
    record Handled(TradePair pair, Duration lead, long timelineRevision) {
    }

    /** The notices of {@code pair} for its transitions at {@code at}, {@code lead} ahead. */
    public record Due(TradePair pair, Instant at, Duration lead, long timelineRevision) {
    }

    /** The pairs with a transition whose notice window has begun at {@code now} and that were not handled. */
    public List<Due> due(DutyTimelines timelines, Instant now) {
        handled.headMap(now, true).clear();
        List<Due> due = new ArrayList<>();
        if (leads.none()) {
            return due;
        }
        for (Map.Entry<Instant, Set<TradePair>> upcoming
                : timelines.ahead(now).headMap(now.plus(leads.longest()), true).entrySet()) {
            Instant at = upcoming.getKey();
            leads.dueAt(Duration.between(now, at)).ifPresent(lead -> {
                Set<Handled> handledAt = handled.getOrDefault(at, Set.of());
                for (TradePair pair : upcoming.getValue()) {
                    long revision = timelines.revision(pair);
                    if (!handledAt.contains(new Handled(pair, lead, revision))) {
                        due.add(new Due(pair, at, lead, revision));
                    }
                }
            });
        }
        return due;
    }

    /** The due notices were sent (or found sent): not looked at again until the pair's timelines change. */
    public void handled(Due due) {
        handled.computeIfAbsent(due.at(), k -> new HashSet<>())
                .add(new Handled(due.pair(), due.lead(), due.timelineRevision()));
    }

    public NoticeLeads leads() {
        return leads;
    }

    public void clear() {
        handled.clear();
    }
}
