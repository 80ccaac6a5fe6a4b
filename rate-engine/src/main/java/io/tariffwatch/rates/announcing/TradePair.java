package io.tariffwatch.rates.announcing;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.rates.domain.TariffBook;
import java.util.LinkedHashSet;
import java.util.Set;

/** An imposer and one partner whose goods it taxes. */
public record TradePair(String imposer, String partner) {
    /** The pairs whose duties {@code event} (applied in {@code book}) can change. */
    public static Set<TradePair> touchedBy(TariffBook book, PolicyEvent event) {
        Set<TradePair> pairs = new LinkedHashSet<>();
        book.partnersTouchedBy(event).forEach(p -> pairs.add(new TradePair(event.imposer(), p)));
        return pairs;
    }

    /** Every pair of the book: each imposer with every partner some measure of it targets. */
    public static Set<TradePair> all(TariffBook book) {
        Set<TradePair> pairs = new LinkedHashSet<>();
        for (String imposer : book.imposers()) {
            book.partners(imposer).forEach(p -> pairs.add(new TradePair(imposer, p)));
        }
        return pairs;
    }

    DutyKey key(String product) {
        return new DutyKey(imposer, partner, product);
    }
}
