package io.tariffwatch.events;

import java.util.Optional;

/**
 * An imposer and one partner whose goods it taxes. Its {@link #key()} is the record key of rate changes and notices
 * (README "Topics", {@code IMPOSER:PARTNER}): one place writes and reads that key, so producers and the consumers
 * that filter by it stay in step.
 */
public record TradePair(String imposer, String partner) {
    private static final char SEPARATOR = ':';

    public String key() {
        return imposer + SEPARATOR + partner;
    }

    /* Spelled out, as DutyKey's in the engine: pairs key its maps of timelines, looked up per duty key of every poll,
     * and the record's generated equals and hashCode (method handles) are slow under the C1-only JIT of the local run. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof TradePair p && partner.equals(p.partner) && imposer.equals(p.imposer));
    }

    @Override
    public int hashCode() {
        return imposer.hashCode() * 31 + partner.hashCode();
    }

    /** The pair a record key names; empty for a key without the separator (or none). */
    public static Optional<TradePair> fromKey(String key) {
        int at = key == null ? -1 : key.indexOf(SEPARATOR);
        return at < 0 ? Optional.empty() : Optional.of(new TradePair(key.substring(0, at), key.substring(at + 1)));
    }
}
