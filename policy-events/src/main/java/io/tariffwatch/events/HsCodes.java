package io.tariffwatch.events;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HS codes and prefixes as every service reads them — an event's products, a subscription's filter, a rate query, a
 * page's lookup: 2, 4, 6, 8 or 10 digits (chapter, heading, subheading, national lines), dots allowed between
 * digits as people write them ({@code 8517.13}, {@code 8517.13.00.00}); compared without the dots.
 */
public final class HsCodes {
    /** General goods: a product scope, rate change or key that concerns every product (not an HS code). */
    public static final String ALL_PRODUCTS = "*";

    /** What a message about a bad code says it should be. */
    public static final String RULE = "an HS code of 2, 4, 6, 8 or 10 digits (dots allowed between digits: 8517.13)";

    private static final Pattern WRITTEN = Pattern.compile("\\d+(\\.\\d+)*");
    /** Longer text is no HS code: 10 digits and their dots. */
    private static final int MAX_WRITTEN = 20;

    private HsCodes() {
    }

    /** The code's digits, or empty when the text is not an HS code or prefix. */
    public static Optional<String> digits(String text) {
        if (text == null || text.length() > MAX_WRITTEN || !WRITTEN.matcher(text).matches()) {
            return Optional.empty();
        }
        String digits = text.replace(".", "");
        return digits.length() >= 2 && digits.length() <= 10 && digits.length() % 2 == 0
                ? Optional.of(digits) : Optional.empty();
    }

    public static boolean isAllProducts(String product) {
        return ALL_PRODUCTS.equals(product);
    }

    public static boolean isCodeOrPrefix(String text) {
        return digits(text).isPresent();
    }
}
