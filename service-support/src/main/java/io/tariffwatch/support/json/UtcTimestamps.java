package io.tariffwatch.support.json;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text of a UTC timestamp — every timestamp the services write — without {@link DateTimeFormatter}: formatting
 * and parsing through it had been 3–5% of each service's CPU and an eighth of rate-engine's allocation (a
 * {@code BigDecimal} per fraction). Only the canonical form is handled, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z},
 * exactly as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes a UTC value of the years 0000–9999; for anything
 * else each method answers null and the caller takes the general path.
 */
public final class UtcTimestamps {
    private static final int SECONDS_END = 19; // "yyyy-MM-ddTHH:mm:ss"
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private UtcTimestamps() {
    }

    /** {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t)} for a UTC value of the years 0000–9999; else null. */
    public static String format(OffsetDateTime t) {
        int year = t.getYear();
        if (t.getOffset() != ZoneOffset.UTC || year < 0 || year > 9999) {
            return null;
        }
        StringBuilder text = new StringBuilder(30);
        digits(text, year, 4).append('-');
        digits(text, t.getMonthValue(), 2).append('-');
        digits(text, t.getDayOfMonth(), 2).append('T');
        digits(text, t.getHour(), 2).append(':');
        digits(text, t.getMinute(), 2).append(':');
        digits(text, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano > 0) {
            // the fraction's significant digits only, as the formatter writes it
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            digits(text.append('.'), nano, digits);
        }
        return text.append('Z').toString();
    }

    /** The UTC value of the canonical text {@link #format} writes (any 1–9 fraction digits); null for any other text,
     * and for fields out of range (month 13, 30 February), which the general parser refuses in its own words. */
    public static OffsetDateTime parse(String text) {
        int length = text.length();
        if (length < SECONDS_END + 1 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        int nano = 0;
        if (length > SECONDS_END + 1) {
            int fractionDigits = length - SECONDS_END - 2; // between the point and the Z
            if (text.charAt(SECONDS_END) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = number(text, SECONDS_END + 1, length - 1);
            if (fraction < 0) {
                return null;
            }
            nano = fraction * POWERS_OF_TEN[9 - fractionDigits];
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nano), ZoneOffset.UTC);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int place = width - 1; place >= 0; place--) {
            text.append((char) ('0' + value / POWERS_OF_TEN[place] % 10));
        }
        return text;
    }

    /** The decimal digits of {@code text[from, to)}; -1 if any is not an ASCII digit. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
