package io.tariffwatch.alerts.subscriptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.alerts.matching.SubscriptionIndex;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The active subscriptions with their filters, held in memory for matching and indexed, so that a source is tried
 * only against the subscriptions that can take it. Kept current by what changed (this or another instance wrote):
 * each use reads the rows written by transactions that the last read's snapshot did not see
 * ({@link Subscription#writtenSince}), so a new subscription costs reading that one row, not every subscription
 * again (with 12,000 subscriptions, reloading all of them delayed the first webhook of a fan-out by seconds). A
 * deleted subscription, which leaves no row to read, makes the table smaller than what is held: then all are read.
 */
@ApplicationScoped
public class ActiveSubscriptions {
    /** One active subscription as matching needs it. */
    public record Active(UUID id, Filters filters, boolean dailyDigest) {
    }

    /** What is held of the subscription table as of a snapshot: the active subscriptions, indexed, and the ids of the
     * others (so that its size can be compared with the table's). */
    private record Held(String snapshot, Map<UUID, Active> active, Set<UUID> inactive,
                        SubscriptionIndex<Active> index) {
        static final Held NOTHING = new Held(null, Map.of(), Set.of(), SubscriptionIndex.empty(Active::filters));

        long size() {
            return active.size() + inactive.size();
        }
    }

    private final ObjectMapper mapper;
    private final DataSource database;
    /** Guarded by this: reads and updates follow each other in snapshot order. */
    private Held held = Held.NOTHING;

    ActiveSubscriptions(ObjectMapper mapper, DataSource database) {
        this.mapper = mapper;
        this.database = database;
    }

    /** The active subscriptions now, indexed for matching: what committed transactions wrote, read outside any
     * transaction (one statement). */
    public synchronized SubscriptionIndex<Active> current() {
        Subscription.WrittenSince changes = Subscription.writtenSince(database, held.snapshot());
        Held next = updated(held, changes);
        if (next.size() != changes.subscriptions()) {
            // more held than the table has: one was deleted
            next = updated(Held.NOTHING, Subscription.writtenSince(database, null));
        }
        held = next;
        return next.index();
    }

    private Held updated(Held before, Subscription.WrittenSince changes) {
        if (changes.written().isEmpty()) {
            return new Held(changes.snapshot(), before.active(), before.inactive(), before.index());
        }
        Map<UUID, Active> active = new LinkedHashMap<>(before.active());
        Set<UUID> inactive = new HashSet<>(before.inactive());
        for (Subscription.Written w : changes.written()) {
            if (w.status() == Subscription.Status.ACTIVE) {
                active.put(w.id(), new Active(w.id(), filters(w), w.digest() == Digest.DAILY));
                inactive.remove(w.id());
            } else {
                active.remove(w.id());
                inactive.add(w.id());
            }
        }
        return new Held(changes.snapshot(), active, inactive,
                new SubscriptionIndex<>(List.copyOf(active.values()), Active::filters));
    }

    private Filters filters(Subscription.Written w) {
        try {
            return mapper.readValue(w.filtersJson(), Filters.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("subscription " + w.id() + " has filters that are not valid JSON", e);
        }
    }
}
