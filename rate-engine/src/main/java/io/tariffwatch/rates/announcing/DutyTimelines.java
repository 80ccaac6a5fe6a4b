package io.tariffwatch.rates.announcing;

import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.domain.PairDuties;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.domain.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's enacted transitions of every product key of the pairs its events concern, over all time:
 * what the announcements must converge to. Refreshed per pair when an event touches it; the instants
 * still ahead say when the scheduler must revise which pairs.
 */
public final class DutyTimelines {
    private final Map<TradePair, Map<DutyKey, List<Transition>>> byPair = new HashMap<>();
    private final TreeMap<Instant, Set<TradePair>> ahead = new TreeMap<>();
    /** Counts each pair's refreshes: what was derived from its timelines holds while this stays the same. */
    private final Map<TradePair, Long> revisions = new HashMap<>();

    /** The pairs' timelines computed from {@code book}, not yet in force: see {@link #accept}. */
    public Update compute(TariffBook book, Collection<TradePair> pairs) {
        Map<TradePair, Map<DutyKey, List<Transition>>> computed = new HashMap<>();
        for (TradePair pair : pairs) {
            PairDuties duties = book.pair(pair.imposer(), pair.partner());
            Map<DutyKey, List<Transition>> timelines = new HashMap<>();
            for (String product : book.productKeys(pair.imposer(), pair.partner())) {
                timelines.put(DutyKey.of(pair, product), duties.transitions(product));
            }
            computed.put(pair, timelines);
        }
        return new Update(computed);
    }

    /** Makes computed timelines the engine's (once what they caused is durably published). */
    public void accept(Update update) {
        update.byPair().forEach((pair, timelines) -> {
            byPair.put(pair, timelines);
            revisions.merge(pair, 1L, Long::sum);
            timelines.values().forEach(list -> list.forEach(
                    t -> ahead.computeIfAbsent(t.at(), k -> new HashSet<>()).add(pair)));
        });
    }

    /** Timelines of some pairs, computed from a book that is not yet the engine's. */
    public record Update(Map<TradePair, Map<DutyKey, List<Transition>>> byPair) {
        public List<DutyKey> keys() {
            List<DutyKey> keys = new ArrayList<>();
            byPair.values().forEach(m -> keys.addAll(m.keySet()));
            return keys;
        }

        /** The key's transitions as computed here, else as {@code current} has them. */
        public List<Transition> of(DutyKey key, DutyTimelines current) {
            Map<DutyKey, List<Transition>> pair = byPair.get(key.pair());
            return pair != null ? pair.getOrDefault(key, List.of()) : current.of(key);
        }

        /** The key's transitions as computed here; none for a pair not computed (it has no measure). */
        public List<Transition> of(DutyKey key) {
            return byPair.getOrDefault(key.pair(), Map.of()).getOrDefault(key, List.of());
        }
    }

    public List<Transition> of(DutyKey key) {
        Map<DutyKey, List<Transition>> pair = byPair.get(key.pair());
        return pair == null ? List.of() : pair.getOrDefault(key, List.of());
    }

    /**
     * The keys of the pair that move at {@code t}, with the move, for notices: general goods, and a product
     * key only where its move differs from that of the nearest shorter key of the pair (its subscribers
     * hear of the general move through that key's notice).
     */
    public Map<DutyKey, Transition> movesAt(TradePair pair, Instant t) {
        Map<DutyKey, List<Transition>> timelines = byPair.getOrDefault(pair, Map.of());
        Map<DutyKey, Transition> moves = new TreeMap<>(DutyKey.PARENTS_FIRST);
        timelines.forEach((key, transitions) -> {
            Transition move = at(transitions, t);
            if (move == null) {
                return;
            }
            DutyKey parent = key.shorter();
            while (parent != null && !timelines.containsKey(parent)) {
                parent = parent.shorter();
            }
            Transition parentMove = parent == null ? null : at(timelines.get(parent), t);
            if (parentMove == null || !move.sameMoveAs(parentMove.previous(), parentMove.next())) {
                moves.put(key, move);
            }
        });
        return moves;
    }

    private static Transition at(List<Transition> transitions, Instant t) {
        for (Transition tr : transitions) {
            if (tr.at().equals(t)) {
                return tr;
            }
        }
        return null;
    }

    /** Every key of the pair, as last refreshed. */
    public Set<DutyKey> keys(TradePair pair) {
        return byPair.getOrDefault(pair, Map.of()).keySet();
    }

    public Set<TradePair> pairs() {
        return byPair.keySet();
    }

    /** The pairs with a transition in (after, upTo], by instant. */
    public NavigableMap<Instant, Set<TradePair>> due(Instant after, Instant upTo) {
        // a clock set back: nothing new is due
        return upTo.isAfter(after) ? ahead.subMap(after, false, upTo, true) : Collections.emptyNavigableMap();
    }

    /** Forgets the instants at or before {@code upTo}: the pairs were revised then. */
    public void passed(Instant upTo) {
        ahead.headMap(upTo, true).clear();
    }

    /** Transitions after {@code now}, by instant, for notices. */
    public NavigableMap<Instant, Set<TradePair>> ahead(Instant now) {
        return ahead.tailMap(now, false);
    }

    /** How often the pair's timelines were refreshed (0: never). */
    public long revision(TradePair pair) {
        return revisions.getOrDefault(pair, 0L);
    }

    public void clear() {
        byPair.clear();
        ahead.clear();
    }
}
