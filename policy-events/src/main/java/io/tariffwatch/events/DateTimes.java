package io.tariffwatch.events;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Instants as the project accepts them: years {@value #MIN_YEAR}–{@value #MAX_YEAR} (what a tariff can
 * mean, and well inside what PostgreSQL and every consumer hold) at offsets clocks really use, UTC−12:00 to
 * UTC+14:00. Query parameters take an ISO 8601 date-time with offset, or a date meaning its start in UTC.
 */
public final class DateTimes {
    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2200;
    public static final String BOUNDS = "a year from " + MIN_YEAR + " to " + MAX_YEAR + " and an offset from -12:00 to +14:00";
    private static final int MIN_OFFSET_SECONDS = -12 * 3600;
    private static final int MAX_OFFSET_SECONDS = 14 * 3600;

    private DateTimes() {
    }

    public static boolean withinBounds(OffsetDateTime t) {
        int offset = t.getOffset().getTotalSeconds();
        return t.getYear() >= MIN_YEAR && t.getYear() <= MAX_YEAR
                && offset >= MIN_OFFSET_SECONDS && offset <= MAX_OFFSET_SECONDS;
    }

    /** Empty when {@code value} is neither, or outside the bounds. */
    public static Optional<OffsetDateTime> parseDateTimeOrDate(String value) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                t = LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        return withinBounds(t) ? Optional.of(t) : Optional.empty();
    }
}
