package io.tariffwatch.alerts.matching;

import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.subscriptions.Filters;
import io.tariffwatch.events.Countries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Subscriptions indexed by the partners their filters name (else by the imposers, else unindexed), so that an
 * alert source is tried only against the subscriptions that can take it — a rate change on one partner
 * among thousands of subscriptions on others costs what concerns that partner. The index only narrows:
 * {@link AlertMatcher} decides every candidate, so the answer is exactly that of trying all of them. A source
 * on every partner ({@code *}) or a document tries all. Plain Java, immutable.
 */
public final class SubscriptionIndex<S> {
    private final List<S> all;
    private final Function<S, Filters> filtersOf;
    private final Map<String, List<S>> byPartner = new HashMap<>();
    private final Map<String, List<S>> byImposer = new HashMap<>();
    private final List<S> unindexed = new ArrayList<>();
    private final Map<S, Integer> position = new IdentityHashMap<>();

    public SubscriptionIndex(List<S> subscriptions, Function<S, Filters> filtersOf) {
        this.all = List.copyOf(subscriptions);
        this.filtersOf = filtersOf;
        for (S s : all) {
            position.put(s, position.size());
            Filters f = filtersOf.apply(s);
            if (!f.partners().isEmpty()) {
                f.partners().stream().distinct().forEach(p -> byPartner.computeIfAbsent(p, k -> new ArrayList<>()).add(s));
            } else if (!f.imposers().isEmpty()) {
                f.imposers().stream().distinct().forEach(i -> byImposer.computeIfAbsent(i, k -> new ArrayList<>()).add(s));
            } else {
                unindexed.add(s);
            }
        }
    }

    public static <S> SubscriptionIndex<S> empty(Function<S, Filters> filtersOf) {
        return new SubscriptionIndex<>(List.of(), filtersOf);
    }

    /** The subscriptions whose filters take {@code source}, each once, in the order they were given. */
    public List<S> matching(AlertSource source) {
        List<S> matching = new ArrayList<>();
        for (S s : candidates(source)) {
            if (AlertMatcher.matches(filtersOf.apply(s), source)) {
                matching.add(s);
            }
        }
        return matching;
    }

    /** Whether some subscription may take a source of {@code imposer} on {@code partner} (a rate change, a notice):
     * false only where {@link #matching} would find none for any such source, whatever its product, kind or move. */
    public boolean mayTake(String imposer, String partner) {
        return !candidates(imposer, List.of(partner)).isEmpty();
    }

    private List<S> candidates(AlertSource source) {
        return source.type() == AlertType.POLICY_DOCUMENT ? all : candidates(source.imposer(), source.partners());
    }

    private List<S> candidates(String imposer, List<String> partners) {
        if (partners.contains(Countries.ALL)) {
            return all;
        }
        List<List<S>> lists = new ArrayList<>();
        for (String partner : partners) {
            lists.add(byPartner.getOrDefault(partner, List.of()));
            // a filter on the EU takes its members' changes, a member's filter takes the EU's (AlertMatcher)
            if (Countries.EU.equals(partner)) {
                Countries.EU_MEMBERS.forEach(m -> lists.add(byPartner.getOrDefault(m, List.of())));
            } else if (Countries.EU_MEMBERS.contains(partner)) {
                lists.add(byPartner.getOrDefault(Countries.EU, List.of()));
            }
        }
        lists.add(byImposer.getOrDefault(imposer, List.of()));
        lists.add(unindexed);
        return distinctInGivenOrder(lists);
    }

    /** A subscription filed under several partners the source names is one candidate; the given order is kept,
     * so that the answer does not depend on the index. */
    private List<S> distinctInGivenOrder(List<List<S>> lists) {
        List<List<S>> nonEmpty = lists.stream().filter(l -> !l.isEmpty()).toList();
        if (nonEmpty.size() == 1) {
            return nonEmpty.get(0);
        }
        Set<S> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<S> candidates = new ArrayList<>();
        nonEmpty.forEach(l -> l.stream().filter(seen::add).forEach(candidates::add));
        candidates.sort(Comparator.comparingInt(position::get));
        return candidates;
    }
}
