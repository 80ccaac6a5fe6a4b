package io.tariffwatch.rates.engine;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.rates.domain.Rate;
import io.tariffwatch.rates.domain.RateQuery;
import io.tariffwatch.rates.domain.TariffBook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The rate changes of one transition: every (partner, product key) whose duty differs just before and after. */
final class RateChangeFactory {
    private RateChangeFactory() {
    }

    static List<RateChange> changes(TariffBook book, PolicyEvent event, Instant t, Instant now,
                                    CauseResolver causes) {
        List<RateChange> changes = new ArrayList<>();
        for (String partner : TariffBook.partnersOf(event)) {
            for (String product : book.productKeys(event.imposer(), partner)) {
                RateQuery q = new RateQuery(event.imposer(), partner, product, t, null, null);
                Rate before = book.rate(q.at(t.minusNanos(1)));
                Rate after = book.rate(q);
                if (before.sameDutyAs(after)) {
                    continue;
                }
                TariffBook.Cause cause = causes.causeOf(partner, t);
                changes.add(new RateChange(changeId(event.imposer(), partner, product, t, before, after),
                        event.imposer(), partner, product, before.additional(), after.additional(),
                        after.additional().subtract(before.additional()), OffsetDateTime.ofInstant(t, ZoneOffset.UTC),
                        t.isBefore(now), toCause(cause), after.components(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
            }
        }
        return changes;
    }

    /** The same transition gives the same id, whichever event or instance emits it, so consumers can
     * deduplicate. */
    static String changeId(String imposer, String partner, String product, Instant t, Rate before, Rate after) {
        String key = String.join("|", imposer, partner, product, t.toString(),
                before.additional().stripTrailingZeros().toPlainString(),
                after.additional().stripTrailingZeros().toPlainString());
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
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
