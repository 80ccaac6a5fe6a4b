package io.tariffwatch.rates.announcing;

import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.TradePair;
import java.util.Comparator;

/** What one stream of rate changes is about: an imposer's additional duty on a partner's goods of one
 * product key ({@code *}: general goods, else an HS prefix of the pair's measures). */
public record DutyKey(String imposer, String partner, String product) {
    /** By pair; in a pair general goods first, then shorter prefixes before longer ones: a parent is revised before its
     * children. Written out, not composed of key extractors: each poll sorts its thousands of keys with it. */
    public static final Comparator<DutyKey> PARENTS_FIRST = (a, b) -> {
        int c = a.imposer.compareTo(b.imposer);
        if (c == 0) {
            c = a.partner.compareTo(b.partner);
        }
        if (c == 0) {
            c = Integer.compare(a.depth(), b.depth());
        }
        return c != 0 ? c : a.product.compareTo(b.product);
    };

    public TradePair pair() {
        return new TradePair(imposer, partner);
    }

    public static DutyKey of(TradePair pair, String product) {
        return new DutyKey(pair.imposer(), pair.partner(), product);
    }

    public boolean general() {
        return HsCodes.isAllProducts(product);
    }

    /** The HS prefix the key stands for; null for general goods. */
    public String hs() {
        return general() ? null : product;
    }

    /** The same pair's key for a shorter prefix ({@code *} for a one-digit one); null for general goods. */
    DutyKey shorter() {
        if (general()) {
            return null;
        }
        return new DutyKey(imposer, partner, product.length() == 1 ? HsCodes.ALL_PRODUCTS : product.substring(0, product.length() - 1));
    }

    /* Spelled out: the engine looks keys up hundreds of thousands of times per poll (Announcements), and the record's
     * generated equals and hashCode (method handles) cost several times these under the C1-only JIT of the local run. */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof DutyKey k && product.equals(k.product) && partner.equals(k.partner)
                && imposer.equals(k.imposer));
    }

    @Override
    public int hashCode() {
        return (imposer.hashCode() * TradePair.HASH_SPREAD + partner.hashCode()) * TradePair.HASH_SPREAD
                + product.hashCode();
    }

    private int depth() {
        return general() ? 0 : product.length();
    }
}
