package io.tariffwatch.rates.announcing;

import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.domain.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What subscribers have been told, per {@link DutyKey}, and the rule that keeps it equal to the engine's
 * timelines (README "Rate changes"). A key has its own announced transitions once a rate change was
 * published for it; until then its subscribers read those of its parent — the longest shorter prefix of
 * the same pair that has its own, else general goods. Revising a key compares the engine's transitions up
 * to an instant with what the key's subscribers hold and gives exactly the differences: new transitions,
 * corrections and withdrawals. Plain Java: {@link #revise} changes nothing, {@link #accept} applies a round
 * once it is durably published.
 */
public final class Announcements {
    /** Per pair, its keys' own announced transitions by product key: a key's parents are keys of its pair, so a view
     * looks the pair up once in this map of every pair and walks the key's prefixes in the pair's small map (a lookup
     * per prefix in one map of every announced key had been 4% of the engine's time over the synthetic history). */
    private final Map<TradePair, Map<String, NavigableMap<Instant, Announced>>> own = new HashMap<>();

    /** Replaces everything with what was stored. */
    public void load(Map<DutyKey, List<Announced>> stored) {
        own.clear();
        stored.forEach((key, list) -> ownOf(key.pair()).put(key.product(), toMap(list)));
    }

    /** The transitions the subscribers of a key hold: its own, else those of its nearest parent that has some, in this
     * round ({@code revised}) or before ({@code held}), both the key's pair's by product key. */
    private static NavigableMap<Instant, Announced> view(DutyKey key,
                                                         Map<String, NavigableMap<Instant, Announced>> held,
                                                         Map<String, NavigableMap<Instant, Announced>> revised) {
        for (DutyKey k = key; k != null; k = k.shorter()) {
            NavigableMap<Instant, Announced> m = revised.containsKey(k.product()) ? revised.get(k.product())
                    : held.get(k.product());
            if (m != null) {
                return Collections.unmodifiableNavigableMap(m);
            }
        }
        return Collections.emptyNavigableMap();
    }

    /**
     * The revisions that bring each key's subscribers to the engine's transitions at or before {@code upTo}
     * ({@code truth}: a key's transitions in time order, one an instant). Keys are revised parents first, each seeing
     * its parent's revisions of the same round.
     */
    public Round revise(Collection<DutyKey> keys, Function<DutyKey, List<Transition>> truth, Instant upTo,
                        Supplier<String> ids) {
        List<DutyKey> ordered = new ArrayList<>(keys);
        ordered.sort(DutyKey.PARENTS_FIRST); // by pair, parents first
        Map<DutyKey, NavigableMap<Instant, Announced>> revised = new LinkedHashMap<>();
        List<Revision> revisions = new ArrayList<>();
        TradePair pair = null;
        Map<String, NavigableMap<Instant, Announced>> pairHeld = Map.of();
        Map<String, NavigableMap<Instant, Announced>> pairRevised = new HashMap<>();
        for (DutyKey key : ordered) {
            TradePair keyPair = key.pair();
            if (!keyPair.equals(pair)) {
                pair = keyPair;
                pairHeld = own.getOrDefault(pair, Map.of());
                pairRevised = new HashMap<>();
            }
            NavigableMap<Instant, Announced> held = view(key, pairHeld, pairRevised);
            List<Revision> differences = differences(key, held, truth.apply(key), upTo, ids);
            if (differences.isEmpty()) {
                continue;
            }
            NavigableMap<Instant, Announced> next = new TreeMap<>(held);
            for (Revision r : differences) {
                if (r.now() == null) {
                    next.remove(r.at());
                } else {
                    next.put(r.at(), r.announced());
                }
            }
            revised.put(key, next);
            pairRevised.put(key.product(), next);
            revisions.addAll(differences);
        }
        return new Round(revisions, revised);
    }

    /** {@code truth} in time order, one transition an instant (as a pair's duties give them): walked beside what is
     * held, in the same order, instead of both gathered into maps and sets per key. */
    private static List<Revision> differences(DutyKey key, NavigableMap<Instant, Announced> held,
                                              List<Transition> truth, Instant upTo, Supplier<String> ids) {
        List<Revision> revisions = new ArrayList<>();
        Iterator<Announced> told = held.headMap(upTo, true).values().iterator();
        Announced was = nextOrNull(told);
        for (Transition now : truth) {
            if (now.at().isAfter(upTo)) {
                break;
            }
            while (was != null && was.at().isBefore(now.at())) {
                revisions.add(new Revision(key, ids.get(), null, was)); // told, no longer so: withdrawn
                was = nextOrNull(told);
            }
            if (was != null && was.at().equals(now.at())) {
                if (!now.sameMoveAs(was.previous(), was.next())) {
                    revisions.add(new Revision(key, ids.get(), now, was));
                }
                was = nextOrNull(told);
            } else {
                revisions.add(new Revision(key, ids.get(), now, null));
            }
        }
        for (; was != null; was = nextOrNull(told)) {
            revisions.add(new Revision(key, ids.get(), null, was));
        }
        return revisions;
    }

    private static Announced nextOrNull(Iterator<Announced> told) {
        return told.hasNext() ? told.next() : null;
    }

    /** Makes a round's revisions what subscribers hold: call once they are durably published. */
    public void accept(Round round) {
        round.revised().forEach((key, transitions) -> ownOf(key.pair()).put(key.product(), transitions));
    }

    /** Every key with announced transitions of its own. */
    public List<DutyKey> keysWithOwn() {
        List<DutyKey> keys = new ArrayList<>();
        own.forEach((pair, byProduct) -> byProduct.keySet().forEach(product -> keys.add(DutyKey.of(pair, product))));
        return keys;
    }

    private Map<String, NavigableMap<Instant, Announced>> ownOf(TradePair pair) {
        return own.computeIfAbsent(pair, p -> new HashMap<>());
    }

    private static NavigableMap<Instant, Announced> toMap(List<Announced> list) {
        NavigableMap<Instant, Announced> m = new TreeMap<>();
        list.forEach(a -> m.put(a.at(), a));
        return m;
    }

    /** The revisions of one round, in the order to publish them, and the keys' new announced transitions. */
    public record Round(List<Revision> revisions, Map<DutyKey, NavigableMap<Instant, Announced>> revised) {
        public boolean isEmpty() {
            return revisions.isEmpty();
        }
    }
}
