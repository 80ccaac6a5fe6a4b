package io.tariffwatch.support.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * How one relayed batch is settled, record by record in id order: acknowledged records are published,
 * records refused for good are parked, and the first record not yet answered stops the settlement there —
 * it and every later record stay waiting (even those the broker did acknowledge: they are sent again after
 * it, keeping the order; consumers deduplicate by {@code ce_id}).
 *
 * @param published indices of the records to mark published
 * @param parked    indices of the records to park, with their outcomes
 * @param stoppedBy the outcome that stopped the settlement; null when the whole batch was settled
 */
public record BatchSettlement(List<Integer> published, List<Integer> parked, SendOutcome.NotYet stoppedBy) {

    public static BatchSettlement of(List<SendOutcome> outcomes) {
        List<Integer> published = new ArrayList<>();
        List<Integer> parked = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            SendOutcome outcome = outcomes.get(i);
            if (outcome instanceof SendOutcome.NotYet notYet) {
                return new BatchSettlement(published, parked, notYet);
            }
            (outcome instanceof SendOutcome.Refused ? parked : published).add(i);
        }
        return new BatchSettlement(published, parked, null);
    }

    public int settled() {
        return published.size() + parked.size();
    }
}
