package io.tariffwatch.rates.engine;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.UpcomingNotice;
import io.tariffwatch.rates.announcing.DutyKey;
import io.tariffwatch.rates.announcing.NoticeKey;
import io.tariffwatch.rates.announcing.Revision;
import io.tariffwatch.rates.domain.Cause;
import io.tariffwatch.rates.domain.Rate;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.domain.Transition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Words a revision or an upcoming transition as the records of {@code tariff.rate-changes} and
 * {@code tariff.notices}: rates, the components after the move, and the cause from the book. */
final class RateChangeFactory {
    private RateChangeFactory() {
    }

    /**
     * The rate change that tells a revision. A withdrawal carries no rates; its cause is the event that
     * withdrew it ({@code trigger}, null when time alone did).
     */
    static RateChange change(TariffBook book, Revision r, long revision, PolicyEvent trigger, Instant now) {
        DutyKey key = r.key();
        Instant t = r.at();
        Rate after = book.pair(key.imposer(), key.partner()).rate(key.hs(), t);
        RateChange.Corrects corrects = r.was() == null ? null
                : new RateChange.Corrects(r.was().rateChangeId(), r.was().previous(), r.was().next());
        Transition move = r.now();
        RateChange.Cause cause = move != null ? Cause.toContract(book.causeAt(key.imposer(), key.partner(), t))
                : trigger == null ? null : Cause.of(trigger).toContract();
        return new RateChange(r.id(), revision, key.imposer(), key.partner(), key.product(),
                move == null ? null : move.previous(), move == null ? null : move.next(),
                move == null ? null : move.next().subtract(move.previous()), utc(t), t.isBefore(now), cause,
                after.components(), utc(now), corrects);
    }

    /** The notice of an upcoming move of a key. */
    static UpcomingNotice notice(TariffBook book, NoticeKey notice) {
        DutyKey key = notice.key();
        Transition t = notice.move();
        return new UpcomingNotice(notice.id().toString(), key.imposer(), key.partner(), key.product(),
                t.previous(), t.next(), utc(t.at()), Cause.toContract(book.causeAt(key.imposer(), key.partner(), t.at())));
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
