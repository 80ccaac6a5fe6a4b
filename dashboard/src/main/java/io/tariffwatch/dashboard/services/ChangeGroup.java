package io.tariffwatch.dashboard.services;

import io.tariffwatch.dashboard.clients.RateModels.PartnerChange;
import io.tariffwatch.events.RateChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One move of an imposer's duty at one instant, for one cause, on every partner it took the same way: the 10%
 * baseline on 185 partners is one line of the feed, not 185.
 */
public record ChangeGroup(String imposer, Instant at, BigDecimal previousRate, BigDecimal newRate, boolean retroactive,
                          RateChange.Cause cause, List<String> partners) {

    public BigDecimal delta() {
        return newRate.subtract(previousRate);
    }

    static List<ChangeGroup> group(String imposer, List<PartnerChange> changes) {
        Map<List<Object>, List<PartnerChange>> byMove = new LinkedHashMap<>();
        for (PartnerChange c : changes) {
            List<Object> key = new ArrayList<>();
            key.add(c.at());
            key.add(c.previousRate().stripTrailingZeros());
            key.add(c.newRate().stripTrailingZeros());
            key.add(c.cause() == null ? "" : c.cause().eventId() + "/" + c.cause().kind());
            byMove.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<ChangeGroup> groups = new ArrayList<>();
        byMove.values().forEach(same -> {
            PartnerChange first = same.get(0);
            groups.add(new ChangeGroup(imposer, first.at(), first.previousRate(), first.newRate(),
                    same.stream().anyMatch(PartnerChange::retroactive), first.cause(),
                    same.stream().map(PartnerChange::partner).toList()));
        });
        return groups;
    }
}
