package io.tariffwatch.rates.engine;

import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.UpcomingNotice;
import io.tariffwatch.rates.announcing.DutyKey;
import io.tariffwatch.rates.announcing.Revision;
import io.tariffwatch.rates.domain.Rate;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.domain.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

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
        RateChange.Cause cause = move != null ? TariffBook.Cause.toContract(book.causeAt(key.imposer(), key.partner(), t))
                : trigger == null ? null : new TariffBook.Cause(CauseKind.of(trigger.kind()), trigger, trigger.id()).toContract();
        return new RateChange(r.id(), revision, key.imposer(), key.partner(), key.product(),
                move == null ? null : move.previous(), move == null ? null : move.next(),
                move == null ? null : move.next().subtract(move.previous()), utc(t), t.isBefore(now), cause,
                after.components(), utc(now), corrects);
    }

    /** The notice of an upcoming transition of a key, {@code lead} ahead. */
    static UpcomingNotice notice(TariffBook book, DutyKey key, Transition t, Duration lead) {
        return new UpcomingNotice(noticeId(key, t, lead).toString(), key.imposer(), key.partner(), key.product(),
                t.previous(), t.next(), utc(t.at()), TariffBook.Cause.toContract(book.causeAt(key.imposer(), key.partner(), t.at())));
    }

    /** The same upcoming move of a key gives the same notice id, whichever instance or restart sends it. */
    static UUID noticeId(DutyKey key, Transition t, Duration lead) {
        String name = String.join("|", "notice", key.imposer(), key.partner(), key.product(), t.at().toString(),
                t.previous().stripTrailingZeros().toPlainString(), t.next().stripTrailingZeros().toPlainString(),
                lead.toString());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
