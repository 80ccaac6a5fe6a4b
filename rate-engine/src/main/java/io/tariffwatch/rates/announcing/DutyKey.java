package io.tariffwatch.rates.announcing;

import io.tariffwatch.events.HsCodes;
import java.util.Comparator;

/** What one stream of rate changes is about: an imposer's additional duty on a partner's goods of one
 * product key ({@code *}: general goods, else an HS prefix of the pair's measures). */
public record DutyKey(String imposer, String partner, String product) {
    /** General goods first, then shorter prefixes before longer ones: a parent is revised before its children. */
    public static final Comparator<DutyKey> PARENTS_FIRST = Comparator.comparing(DutyKey::imposer)
            .thenComparing(DutyKey::partner).thenComparingInt(DutyKey::depth).thenComparing(DutyKey::product);

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

    private int depth() {
        return general() ? 0 : product.length();
    }
}
