package io.tariffwatch.events;

import java.util.Optional;

/**
 * An imposer and one partner whose goods it taxes. Its {@link #key()} is the record key of rate changes and notices
 * (README "Topics", {@code IMPOSER:PARTNER}): one place writes and reads that key, so producers and the consumers
 * that filter by it stay in step.
 */
public record TradePair(String imposer, String partner) {
    private static final char SEPARATOR = ':';
    /** Multiplies a code's hash before the next is added: an odd number far larger than a code's hash. With 31 (the
     * records' own) two-letter codes (hash 31·c1 + c2) collided so that 12,000 pairs had under 4,000 hashes, and the
     * engine's maps of pairs and duty keys degraded into long bins. */
    public static final int HASH_SPREAD = 0x9E3779B1;

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
        return imposer.hashCode() * HASH_SPREAD + partner.hashCode();
    }

    /** The pair a record key names; empty for a key without the separator (or none). */
    public static Optional<TradePair> fromKey(String key) {
        int at = key == null ? -1 : key.indexOf(SEPARATOR);
        return at < 0 ? Optional.empty() : Optional.of(new TradePair(key.substring(0, at), key.substring(at + 1)));
    }
}
