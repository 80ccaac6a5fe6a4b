package io.tariffwatch.alerts.subscriptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.alerts.config.AlertConfig;
import io.tariffwatch.alerts.matching.SubscriptionIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The active subscriptions with their filters, held in memory for matching and indexed, so that a source is tried
 * only against the subscriptions that can take it. Kept current by what changed (this or another instance wrote or
 * deleted): each use reads the rows written, and the removals of those deleted, by transactions that the last read's
 * snapshot did not see ({@link Subscription#writtenSince}), so a new subscription costs reading that one row, not every
 * subscription again (with 12,000 subscriptions, reloading all of them delayed the first webhook of a fan-out by
 * seconds). Every {@code tariffwatch.subscriptions.full-read-every} all are read again: the database keeps a removal a
 * week, so an instance idle for longer would not learn of it otherwise.
 */
@ApplicationScoped
public class ActiveSubscriptions {
    /** How long the database keeps a deleted subscription's removal (the V12 migration's trigger). */
    static final Duration REMOVALS_KEPT = Duration.ofDays(7);

    /** One active subscription as matching needs it. */
    public record Active(UUID id, Filters filters, boolean dailyDigest) {
    }

    /** What is held of the subscription table as of a snapshot, first read whole at {@code fullReadAt}: the active
     * subscriptions, indexed. */
    private record Held(String snapshot, Instant fullReadAt, Map<UUID, Active> active, SubscriptionIndex<Active> index) {
        /** Nothing yet, to be read whole now. */
        static Held nothingAsOf(Instant fullReadAt) {
            return new Held(null, fullReadAt, Map.of(), SubscriptionIndex.empty(Active::filters));
        }
    }

    private final ObjectMapper mapper;
    private final DataSource database;
    private final Clock clock;
    private final Duration fullReadEvery;
    /** Guarded by this: reads and updates follow each other in snapshot order. */
    private Held held = Held.nothingAsOf(Instant.MIN);

    @Inject
    ActiveSubscriptions(ObjectMapper mapper, DataSource database, Clock clock, AlertConfig config) {
        this(mapper, database, clock, config.subscriptionsFullReadEvery());
    }

    ActiveSubscriptions(ObjectMapper mapper, DataSource database, Clock clock, Duration fullReadEvery) {
        this.mapper = mapper;
        this.database = database;
        this.clock = clock;
        this.fullReadEvery = fullReadEvery;
        if (fullReadEvery.compareTo(REMOVALS_KEPT.dividedBy(2)) > 0) {
            throw new IllegalStateException("tariffwatch.subscriptions.full-read-every (" + fullReadEvery
                    + ") must be at most half of the " + REMOVALS_KEPT + " the database keeps a removal");
        }
    }

    /** The active subscriptions now, indexed for matching: what committed transactions wrote, read outside any
     * transaction (one statement). */
    public synchronized SubscriptionIndex<Active> current() {
        Instant now = clock.instant();
        if (held.fullReadAt().plus(fullReadEvery).isBefore(now)) {
            held = updated(Held.nothingAsOf(now), Subscription.writtenSince(database, null));
        } else {
            held = updated(held, Subscription.writtenSince(database, held.snapshot()));
        }
        return held.index();
    }

    private Held updated(Held before, Subscription.WrittenSince changes) {
        if (changes.written().isEmpty() && changes.removed().isEmpty()) {
            return new Held(changes.snapshot(), before.fullReadAt(), before.active(), before.index());
        }
        Map<UUID, Active> active = new LinkedHashMap<>(before.active());
        for (Subscription.Written w : changes.written()) {
            if (w.status() == Subscription.Status.ACTIVE) {
                active.put(w.id(), new Active(w.id(), filters(w), w.digest() == Digest.DAILY));
            } else {
                active.remove(w.id());
            }
        }
        changes.removed().forEach(active::remove);
        return new Held(changes.snapshot(), before.fullReadAt(), active,
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
