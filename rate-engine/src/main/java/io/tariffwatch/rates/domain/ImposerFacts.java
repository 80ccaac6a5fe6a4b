package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.HsCodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One imposer's facts, as a query's stages see them, indexed for preparing pairs: each measure's attributes
 * (from all of its facts) and, per partner, the facts whose targets name it, beside the few that target every
 * partner or the EU. Preparing a pair then costs what concerns that partner, not everything the imposer
 * holds (a replay of thousands of events on hundreds of partners prepares each touched pair per poll).
 * Built once per book and stage.
 */
final class ImposerFacts {
    private final Map<String, Integer> measureRank = new HashMap<>();
    private final Map<String, PairDuties.MeasureMeta> meta = new HashMap<>();
    private final Map<String, List<Fact>> naming = new HashMap<>();
    private final List<Fact> wide = new ArrayList<>();

    ImposerFacts(List<Fact> visible) {
        Map<String, List<Fact>> byMeasure = new LinkedHashMap<>();
        for (Fact f : visible) {
            if (f.measureId() == null) {
                continue;
            }
            byMeasure.computeIfAbsent(f.measureId(), k -> new ArrayList<>()).add(f);
            List<String> targets = f.event().targets() == null ? List.of() : f.event().targets();
            if (targets.contains(Countries.ALL) || targets.contains(Countries.EU)) {
                wide.add(f); // tried on every partner: not also filed under a partner it names (["EU", "DE"])
                continue;
            }
            for (String t : targets) {
                List<Fact> named = naming.computeIfAbsent(t, k -> new ArrayList<>());
                if (named.isEmpty() || named.get(named.size() - 1) != f) {
                    named.add(f);
                }
            }
        }
        byMeasure.forEach((id, facts) -> {
            measureRank.put(id, measureRank.size());
            meta.put(id, PairDuties.MeasureMeta.of(facts));
        });
    }

    /** The measures that ever target {@code partner}, in the order they first appeared, each with its facts
     * that target the partner, in publishing order. */
    Map<String, List<Fact>> forPartner(String imposer, String partner) {
        List<Fact> named = naming.getOrDefault(partner, List.of());
        List<Fact> candidates = new ArrayList<>(named.size() + wide.size());
        candidates.addAll(named);
        candidates.addAll(wide);
        if (!wide.isEmpty() && !named.isEmpty()) {
            candidates.sort(Comparator.comparingLong(Fact::order));
        }
        Map<String, List<Fact>> byMeasure = new TreeMap<>(Comparator.comparing(measureRank::get));
        for (Fact f : candidates) {
            if (f.targets(imposer, partner)) {
                byMeasure.computeIfAbsent(f.measureId(), k -> new ArrayList<>()).add(f);
            }
        }
        return byMeasure;
    }

    /** The product keys of a pair: {@code *} (general goods) and every HS prefix in the pair's measures. */
    Set<String> productKeys(String imposer, String partner) {
        Set<String> keys = new TreeSet<>();
        keys.add(HsCodes.ALL_PRODUCTS);
        for (List<Fact> measure : forPartner(imposer, partner).values()) {
            for (Fact f : measure) {
                f.includes().stream().filter(p -> !HsCodes.isAllProducts(p)).forEach(keys::add);
                keys.addAll(f.excludes());
                if (f.event().productRates() != null) {
                    keys.addAll(f.event().productRates().keySet());
                }
            }
        }
        return keys;
    }

    PairDuties.MeasureMeta meta(String measureId) {
        return meta.get(measureId);
    }
}
