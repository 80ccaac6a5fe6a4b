package io.tariffwatch.alerts.subscriptions;

import io.quarkus.hibernate.orm.panache.Panache;
import io.tariffwatch.alerts.matching.SubscriptionIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The active subscriptions with their filters, held in memory for matching: reloaded only when the
 * subscription table changed (by this or another instance), which one cheap aggregate query tells per
 * use, instead of loading every subscription for every alert source; indexed so that a source is tried only
 * against the subscriptions that can take it.
 */
@ApplicationScoped
public class ActiveSubscriptions {
    /** One active subscription as matching needs it. */
    public record Active(UUID id, Filters filters, boolean dailyDigest) {
    }

    private record Snapshot(List<Object> version, SubscriptionIndex<Active> subscriptions) {
    }

    private volatile Snapshot snapshot = new Snapshot(List.of(), SubscriptionIndex.empty(Active::filters));

    /** The active subscriptions now, indexed for matching. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SubscriptionIndex<Active> current() {
        Object[] row = (Object[]) Panache.getEntityManager().createNativeQuery("select count(*), max(updated_at), "
                + "coalesce(sum(hashtext(id::text || status || filters::text || coalesce(digest, ''))), 0) from subscription")
                .getSingleResult();
        List<Object> version = Arrays.asList(row);
        Snapshot s = snapshot;
        if (!s.version().equals(version)) {
            List<Active> active = new ArrayList<>();
            for (Subscription sub : Subscription.active()) {
                active.add(new Active(sub.id, sub.filters, sub.digest == Digest.DAILY));
            }
            s = new Snapshot(version, new SubscriptionIndex<>(active, Active::filters));
            snapshot = s;
        }
        return s.subscriptions();
    }
}
