package io.tariffwatch.rates.announcing;

import io.tariffwatch.rates.domain.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
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
    private final Map<DutyKey, NavigableMap<Instant, Announced>> own = new HashMap<>();

    /** Replaces everything with what was stored. */
    public void load(Map<DutyKey, List<Announced>> stored) {
        own.clear();
        stored.forEach((key, list) -> own.put(key, toMap(list)));
    }

    /** The transitions the subscribers of {@code key} hold. */
    public NavigableMap<Instant, Announced> view(DutyKey key) {
        return view(key, Map.of());
    }

    private NavigableMap<Instant, Announced> view(DutyKey key, Map<DutyKey, NavigableMap<Instant, Announced>> revised) {
        for (DutyKey k = key; k != null; k = k.shorter()) {
            NavigableMap<Instant, Announced> m = revised.containsKey(k) ? revised.get(k) : own.get(k);
            if (m != null) {
                return Collections.unmodifiableNavigableMap(m);
            }
        }
        return Collections.emptyNavigableMap();
    }

    /**
     * The revisions that bring each key's subscribers to the engine's transitions at or before {@code upTo}.
     * Keys are revised parents first, each seeing its parent's revisions of the same round.
     */
    public Round revise(Collection<DutyKey> keys, Function<DutyKey, List<Transition>> truth, Instant upTo,
                        Supplier<String> ids) {
        List<DutyKey> ordered = new ArrayList<>(keys);
        ordered.sort(DutyKey.PARENTS_FIRST);
        Map<DutyKey, NavigableMap<Instant, Announced>> revised = new LinkedHashMap<>();
        List<Revision> revisions = new ArrayList<>();
        for (DutyKey key : ordered) {
            NavigableMap<Instant, Announced> held = view(key, revised);
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
            revisions.addAll(differences);
        }
        return new Round(revisions, revised);
    }

    private static List<Revision> differences(DutyKey key, NavigableMap<Instant, Announced> held,
                                              List<Transition> truth, Instant upTo, Supplier<String> ids) {
        List<Revision> revisions = new ArrayList<>();
        Map<Instant, Transition> due = new HashMap<>();
        for (Transition t : truth) {
            if (!t.at().isAfter(upTo)) {
                due.put(t.at(), t);
            }
        }
        TreeSet<Instant> instants = new TreeSet<>(due.keySet());
        instants.addAll(held.headMap(upTo, true).keySet());
        for (Instant at : instants) {
            Transition now = due.get(at);
            Announced was = held.get(at);
            if (was == null || now == null || !now.sameMoveAs(was.previous(), was.next())) {
                revisions.add(new Revision(key, ids.get(), now, was));
            }
        }
        return revisions;
    }

    /** Makes a round's revisions what subscribers hold: call once they are durably published. */
    public void accept(Round round) {
        own.putAll(round.revised());
    }

    /** Every key with announced transitions of its own. */
    public Map<DutyKey, NavigableMap<Instant, Announced>> own() {
        return Collections.unmodifiableMap(own);
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
