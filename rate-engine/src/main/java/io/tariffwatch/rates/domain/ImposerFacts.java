package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.HsCodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One imposer's facts, as a query's stages see them, indexed for preparing pairs: each measure's attributes
 * (from all of its facts) and, per partner, the facts whose targets name it, beside the few that target every
 * partner or the EU. Preparing a pair then costs what concerns that partner, not everything the imposer
 * holds (a replay of thousands of events on hundreds of partners prepares each touched pair per poll).
 * Built once per book and stage; a book with events appended after all of an imposer's own extends its
 * predecessor's index ({@link #extendedBy}), so a poll costs what it added, not what the imposer holds.
 * Immutable once built: an extension copies the maps by partner and only the lists it appends to; those by measure
 * are layered ({@link LayeredMap}), since an imposer may have tens of thousands of measures.
 */
final class ImposerFacts {
    private final LayeredMap<String, Integer> measureRank;
    private final LayeredMap<String, PairDuties.MeasureMeta> meta;
    private final Map<String, List<Fact>> naming;
    /** Per partner, the product keys of the facts filed under it that target it (not excepted). */
    private final Map<String, Set<String>> namedProductKeys;
    private final List<Fact> wide;
    /** The order of the last fact indexed: an extension must come after it. */
    private final long lastOrder;

    ImposerFacts(List<Fact> visible) {
        this(new LayeredMap<>(), new LayeredMap<>(), new HashMap<>(), new HashMap<>(), new ArrayList<>(), Long.MIN_VALUE,
                visible);
    }

    private ImposerFacts(LayeredMap<String, Integer> measureRank, LayeredMap<String, PairDuties.MeasureMeta> meta,
                         Map<String, List<Fact>> naming, Map<String, Set<String>> namedProductKeys, List<Fact> wide,
                         long lastOrder, List<Fact> appended) {
        this.measureRank = measureRank;
        this.meta = meta;
        this.naming = naming;
        this.namedProductKeys = namedProductKeys;
        this.wide = wide;
        long last = lastOrder;
        // lists shared with the index extended are copied (or made) once, at the first append to them
        Set<String> copied = new HashSet<>();
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
                List<Fact> named = naming.get(t);
                Set<String> keys = namedProductKeys.get(t);
                if (copied.add(t)) {
                    named = named == null ? new ArrayList<>() : new ArrayList<>(named);
                    naming.put(t, named);
                    keys = keys == null ? new HashSet<>() : new HashSet<>(keys);
                    namedProductKeys.put(t, keys);
                }
                if (named.isEmpty() || named.get(named.size() - 1) != f) {
                    named.add(f);
                    if (!f.excepts(t)) {
                        f.addProductKeys(keys);
                    }
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
     * that target the partner, in publishing order. */
    Map<String, List<Fact>> forPartner(String imposer, String partner) {
        Map<String, List<Fact>> byMeasure = new HashMap<>();
        // the facts filed under the partner and the wide ones, each list in publishing order, merged; a fact filed
        // under the partner names it, so only its exceptTargets can leave it out
        List<Fact> named = naming.getOrDefault(partner, List.of());
        int n = 0;
        int w = 0;
        while (n < named.size() || w < wide.size()) {
            boolean takeNamed = w == wide.size() || (n < named.size() && named.get(n).order() < wide.get(w).order());
            Fact f = takeNamed ? named.get(n++) : wide.get(w++);
            if (takeNamed ? !f.excepts(partner) : f.targets(imposer, partner)) {
                byMeasure.computeIfAbsent(f.measureId(), k -> new ArrayList<>()).add(f);
            }
        }
        List<String> measures = new ArrayList<>(byMeasure.keySet());
        measures.sort(Comparator.comparing(measureRank::get));
        Map<String, List<Fact>> ranked = new LinkedHashMap<>();
        measures.forEach(id -> ranked.put(id, byMeasure.get(id)));
        return ranked;
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
