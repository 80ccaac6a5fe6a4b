package io.tariffwatch.support.text;

/** Text cut to a bound before it is stored or sent: a column, a header or a quoted record has a size. */
public final class Bounded {
    private Bounded() {
    }

    /** {@code text} itself when it has at most {@code max} characters, else its first {@code max}; null stays null. */
    public static String atMost(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
