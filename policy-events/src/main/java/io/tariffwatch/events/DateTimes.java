package io.tariffwatch.events;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Query parameters take an ISO 8601 date-time with offset, or a date meaning its start in UTC. */
public final class DateTimes {
    private DateTimes() {
    }

    /** Empty when {@code value} is neither. */
    public static Optional<OffsetDateTime> parseDateTimeOrDate(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
