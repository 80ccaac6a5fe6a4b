package io.tariffwatch.rates.engine;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.UpcomingNotice;
import io.tariffwatch.rates.domain.Rate;
import io.tariffwatch.rates.domain.RateQuery;
import io.tariffwatch.rates.domain.TariffBook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one transition does: every (partner, product key) of the event whose duty differs just before and
 * just after its instant, as rate changes (when it has come) or upcoming-change notices (before it comes).
 */
final class RateChangeFactory {
    private RateChangeFactory() {
    }

    /** One pair and product whose duty moves at the transition. */
    record Move(String partner, String product, Rate before, Rate after) {
    }

    static List<Move> moves(TariffBook book, PolicyEvent event, Instant t) {
        List<Move> moves = new ArrayList<>();
        for (String partner : TariffBook.partnersOf(event)) {
            for (String product : book.productKeys(event.imposer(), partner)) {
                RateQuery q = new RateQuery(event.imposer(), partner, product, t, null, null);
                Rate before = book.rate(q.at(t.minusNanos(1)));
                Rate after = book.rate(q);
                if (!before.sameDutyAs(after)) {
                    moves.add(new Move(partner, product, before, after));
                }
            }
        }
        return moves;
    }

    static List<RateChange> changes(TariffBook book, PolicyEvent event, Instant t, Instant now, CauseResolver causes) {
        List<RateChange> changes = new ArrayList<>();
        for (Move m : moves(book, event, t)) {
            changes.add(new RateChange(id(event.imposer(), m, t, "change"), event.imposer(), m.partner(), m.product(),
                    m.before().additional(), m.after().additional(),
                    m.after().additional().subtract(m.before().additional()), utc(t), t.isBefore(now),
                    toCause(causes.causeOf(m.partner(), t)), m.after().components(), utc(now)));
        }
        return changes;
    }

    static List<UpcomingNotice> notices(TariffBook book, PolicyEvent event, Instant t, Duration lead,
                                        CauseResolver causes) {
        List<UpcomingNotice> notices = new ArrayList<>();
        for (Move m : moves(book, event, t)) {
            notices.add(new UpcomingNotice(id(event.imposer(), m, t, "notice-" + lead), event.imposer(), m.partner(),
                    m.product(), m.before().additional(), m.after().additional(), utc(t),
                    toCause(causes.causeOf(m.partner(), t))));
        }
        return notices;
    }

    /** The same transition gives the same id, whichever event or instance emits it, so consumers can
     * deduplicate. */
    static String id(String imposer, Move m, Instant t, String what) {
        String key = String.join("|", what, imposer, m.partner(), m.product(), t.toString(),
                m.before().additional().stripTrailingZeros().toPlainString(),
                m.after().additional().stripTrailingZeros().toPlainString());
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static RateChange.Cause toCause(TariffBook.Cause cause) {
        if (cause == null) {
            return null;
        }
        PolicyEvent e = cause.event();
        return new RateChange.Cause(cause.eventId(), cause.kind(), e.measure() == null ? null : e.measure().id(),
                e.stageOrDefault(), e.headline(), e.source() == null ? null : e.source().url());
    }

    /** Who caused the transition at t for a partner. */
    interface CauseResolver {
        TariffBook.Cause causeOf(String partner, Instant t);
    }
}
