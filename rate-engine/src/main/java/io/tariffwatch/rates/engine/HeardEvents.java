package io.tariffwatch.rates.engine;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.persistence.AppliedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events a following replica applied to its book alone, which the database may lack until the leader records
 * them: a takeover records what is left. Forgotten as the database is found to hold them. Not thread-safe:
 * {@link RateEngine} uses it under its monitor. */
final class HeardEvents {
    /** A follower asks the database which events it heard were recorded, this many at a time. */
    private static final int CHECKED_PER_TICK = 1_000;

    private final Map<String, PolicyEvent> heard = new LinkedHashMap<>();

    void add(List<PolicyEvent> events) {
        events.forEach(e -> heard.put(e.id(), e));
    }

    /** Everything heard, in order: a takeover applies it as a leader, then clears it. */
    List<PolicyEvent> all() {
        return new ArrayList<>(heard.values());
    }

    void clear() {
        heard.clear();
    }

    /** After a reload: only those the loaded book lacks are still heard, and returned. */
    List<PolicyEvent> keepThoseMissingFrom(TariffBook loaded) {
        List<PolicyEvent> later = heard.values().stream().filter(e -> !loaded.contains(e)).toList();
        heard.clear();
        add(later);
        return later;
    }

    /** Forgets those the database holds, checking up to {@value #CHECKED_PER_TICK}. */
    void forgetRecorded() {
        if (!heard.isEmpty()) {
            List<String> ids = heard.keySet().stream().limit(CHECKED_PER_TICK).toList();
            heard.keySet().removeAll(QuarkusTransaction.requiringNew().call(() -> AppliedEvent.known(ids)));
        }
    }
}
