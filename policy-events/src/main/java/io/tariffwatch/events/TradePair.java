package io.tariffwatch.events;

import java.util.Optional;

/**
 * An imposer and the partner its duty applies to: the record key of rate changes and notices (README "Topics",
 * {@code IMPOSER:PARTNER}). One place writes and reads that key, so producers and the consumers that filter by it
 * stay in step.
 */
public record TradePair(String imposer, String partner) {
    private static final char SEPARATOR = ':';

    public String key() {
        return imposer + SEPARATOR + partner;
    }

    /** The pair a record key names; empty for a key without the separator (or none). */
    public static Optional<TradePair> fromKey(String key) {
        int at = key == null ? -1 : key.indexOf(SEPARATOR);
        return at < 0 ? Optional.empty() : Optional.of(new TradePair(key.substring(0, at), key.substring(at + 1)));
    }
}
