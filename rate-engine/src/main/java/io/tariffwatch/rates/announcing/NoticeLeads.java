package io.tariffwatch.rates.announcing;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How long before a known transition its notices go out ({@code TARIFFWATCH_RATES_NOTICE_LEADS}, e.g. 7 days
 * and 1 day): one notice per lead, each when its window begins.
 */
public record NoticeLeads(List<Duration> longestFirst) {
    public NoticeLeads {
        longestFirst = longestFirst.stream().sorted(Comparator.reverseOrder()).distinct().toList();
    }

    public static NoticeLeads of(Collection<Duration> leads) {
        return new NoticeLeads(List.copyOf(leads));
    }

    public boolean none() {
        return longestFirst.isEmpty();
    }

    /** How far ahead notices can be due at all. */
    public Duration longest() {
        return longestFirst.get(0);
    }

    /**
     * The lead whose notice is due for a transition {@code ahead} from now: the shortest whose window has
     * begun. Longer ones whose windows were missed (the transition became known late, the engine was away)
     * are not sent late; none while no window has begun.
     */
    public Optional<Duration> dueAt(Duration ahead) {
        return longestFirst.stream().filter(l -> l.compareTo(ahead) >= 0).reduce((longer, shorter) -> shorter);
    }

    /** The leads longer than {@code lead}: once its notice goes, theirs never will. */
    public List<Duration> longerThan(Duration lead) {
        return longestFirst.stream().filter(l -> l.compareTo(lead) > 0).toList();
    }
}
