package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.HsCodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One imposer's facts, as a query's stages see them, indexed for preparing pairs: each measure's attributes
 * (from all of its facts) and, per partner, the facts whose targets name it (by measure) with their product
 * keys, beside the few that target every partner or the EU. Preparing a pair then costs what concerns that
 * partner, not everything the imposer holds (a replay of thousands of events on hundreds of partners prepares
 * each touched pair per poll).
 * Built once per book and stage; a book with events appended after all of an imposer's own extends its
 * predecessor's index ({@link #extendedBy}), so a poll costs what it added, not what the imposer holds.
 * Immutable once built: an extension copies the maps it appends to (a partner's, by measure) and only the lists
 * it appends to; the imposer's maps by measure are layered ({@link LayeredMap}), since an imposer may have tens of
 * thousands of measures.
 */
final class ImposerFacts {
    private final LayeredMap<String, Integer> measureRank;
    private final LayeredMap<String, PairDuties.MeasureMeta> meta;
    /** Per partner, per measure: the facts whose targets name the partner (less those whose exceptTargets leave it
     * out), in publishing order. */
    private final Map<String, Map<String, List<Fact>>> naming;
    /** Per partner, the product keys of the facts filed under it. */
    private final Map<String, Set<String>> namedProductKeys;
    private final List<Fact> wide;
    /** The order of the last fact indexed: an extension must come after it. */
    private final long lastOrder;

    ImposerFacts(List<Fact> visible) {
        this(new LayeredMap<>(), new LayeredMap<>(), new HashMap<>(), new HashMap<>(), new ArrayList<>(), Long.MIN_VALUE,
                visible);
    }

    private ImposerFacts(LayeredMap<String, Integer> measureRank, LayeredMap<String, PairDuties.MeasureMeta> meta,
                         Map<String, Map<String, List<Fact>>> naming, Map<String, Set<String>> namedProductKeys,
                         List<Fact> wide, long lastOrder, List<Fact> appended) {
        this.measureRank = measureRank;
        this.meta = meta;
        this.naming = naming;
        this.namedProductKeys = namedProductKeys;
        this.wide = wide;
        long last = lastOrder;
        // maps and lists shared with the index extended are copied (or made) once, at the first append to them
        Set<String> copied = new HashSet<>();
        Set<List<Fact>> made = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Fact f : appended) {
            last = f.order();
            if (f.measureId() == null) {
                continue;
            }
            if (measureRank.get(f.measureId()) == null) {
                measureRank.put(f.measureId(), measureRank.size());
            }
            meta.put(f.measureId(), meta.getOrDefault(f.measureId(), PairDuties.MeasureMeta.NONE).with(f));
            List<String> targets = f.event().targets() == null ? List.of() : f.event().targets();
            if (targets.contains(Countries.ALL) || targets.contains(Countries.EU)) {
                wide.add(f); // tried on every partner: not also filed under a partner it names (["EU", "DE"])
                continue;
            }
            for (String t : targets) {
                if (f.excepts(t)) {
                    continue; // named and left out again: it never targets t
                }
                Map<String, List<Fact>> byMeasure = naming.get(t);
                Set<String> keys = namedProductKeys.get(t);
                if (copied.add(t)) {
                    byMeasure = byMeasure == null ? new HashMap<>() : new HashMap<>(byMeasure);
                    naming.put(t, byMeasure);
                    keys = keys == null ? new HashSet<>() : new HashSet<>(keys);
                    namedProductKeys.put(t, keys);
                }
                List<Fact> named = byMeasure.get(f.measureId());
                if (named == null || !made.contains(named)) {
                    named = named == null ? new ArrayList<>(2) : new ArrayList<>(named);
                    made.add(named);
                    byMeasure.put(f.measureId(), named);
                }
                if (named.isEmpty() || named.get(named.size() - 1) != f) {
                    named.add(f);
                    f.addProductKeys(keys);
                }
            }
        }
        this.lastOrder = last;
    }

    /**
     * This index with {@code appended} (already filtered as this index's facts were), whose facts all come after
     * this index's; null when they do not, and the index has to be built anew.
     */
    ImposerFacts extendedBy(List<Fact> appended) {
        if (!appended.isEmpty() && appended.get(0).order() <= lastOrder) {
            return null;
        }
        return new ImposerFacts(measureRank.extended(), meta.extended(), new HashMap<>(naming),
                new HashMap<>(namedProductKeys), new ArrayList<>(wide), lastOrder, appended);
    }

    /** The measures that ever target {@code partner}, in the order they first appeared, each with its facts
     * that target the partner, in publishing order. The lists are the index's own: read, never change them. */
    Map<String, List<Fact>> forPartner(String imposer, String partner) {
        return forPartner(imposer, partner, null);
    }

    /** As {@link #forPartner(String, String)}, of the measures named in {@code measures} only (null: all). */
    Map<String, List<Fact>> forPartner(String imposer, String partner, Set<String> measures) {
        Map<String, List<Fact>> named = naming.getOrDefault(partner, Map.of());
        Map<String, List<Fact>> wideOnPartner = new HashMap<>();
        for (Fact f : wide) {
            if ((measures == null || measures.contains(f.measureId())) && f.targets(imposer, partner)) {
                wideOnPartner.computeIfAbsent(f.measureId(), k -> new ArrayList<>()).add(f);
            }
        }
        // each measure's rank read once, not at every comparison of the sort: a partner may have hundreds of
        // measures, and each read is two lookups in the layered map
        record Ranked(int rank, String id) {
        }
        List<Ranked> ranked = new ArrayList<>();
        if (measures == null) {
            named.keySet().forEach(id -> ranked.add(new Ranked(rank(id), id)));
        } else {
            measures.stream().filter(named::containsKey).forEach(id -> ranked.add(new Ranked(rank(id), id)));
        }
        wideOnPartner.keySet().stream().filter(id -> !named.containsKey(id))
                .forEach(id -> ranked.add(new Ranked(rank(id), id)));
        ranked.sort(Comparator.comparingInt(Ranked::rank));
        Map<String, List<Fact>> byMeasure = new LinkedHashMap<>();
        for (Ranked m : ranked) {
            byMeasure.put(m.id(), inOrder(named.getOrDefault(m.id(), List.of()),
                    wideOnPartner.getOrDefault(m.id(), List.of())));
        }
        return byMeasure;
    }

    /** The measure's place in the order the imposer's measures first appeared. */
    int rank(String measureId) {
        return measureRank.get(measureId);
    }

    /** Two lists of facts in publishing order as one; either itself where the other is empty. */
    private static List<Fact> inOrder(List<Fact> a, List<Fact> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() ? b : a;
        }
        List<Fact> merged = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean fromA = j == b.size() || (i < a.size() && a.get(i).order() < b.get(j).order());
            merged.add(fromA ? a.get(i++) : b.get(j++));
        }
        return merged;
    }

    /** The product keys of a pair: {@code *} (general goods) and every HS prefix in the pair's measures. */
    Set<String> productKeys(String imposer, String partner) {
        Set<String> keys = new TreeSet<>(namedProductKeys.getOrDefault(partner, Set.of()));
        keys.add(HsCodes.ALL_PRODUCTS);
        for (Fact f : wide) {
            if (f.targets(imposer, partner)) {
                f.addProductKeys(keys);
            }
        }
        return keys;
    }

    PairDuties.MeasureMeta meta(String measureId) {
        return meta.get(measureId);
    }
}
