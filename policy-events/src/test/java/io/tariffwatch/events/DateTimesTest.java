package io.tariffwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DateTimesTest {
    @Test
    void readsADateTimeWithOffsetOrADateAtItsStartInUtc() {
        assertEquals(OffsetDateTime.parse("2025-04-10T00:01:00-04:00"), DateTimes.parseDateTimeOrDate("2025-04-10T00:01:00-04:00").orElseThrow());
        assertEquals(OffsetDateTime.parse("2025-04-11T00:00:00Z"), DateTimes.parseDateTimeOrDate("2025-04-11").orElseThrow());
        assertEquals(Optional.empty(), DateTimes.parseDateTimeOrDate("yesterday"));
        assertEquals(Optional.empty(), DateTimes.parseDateTimeOrDate("2025-04-10T00:00:00"));
    }

    @Test
    void keepsToYears1900To2200AndRealOffsets() {
        assertTrue(DateTimes.parseDateTimeOrDate("1900-01-01").isPresent());
        assertTrue(DateTimes.parseDateTimeOrDate("2200-12-31T23:59:59Z").isPresent());
        assertTrue(DateTimes.parseDateTimeOrDate("2025-01-01T00:00:00+14:00").isPresent());
        assertTrue(DateTimes.parseDateTimeOrDate("2025-01-01T00:00:00-12:00").isPresent());
        assertEquals(Optional.empty(), DateTimes.parseDateTimeOrDate("1899-12-31"));
        assertEquals(Optional.empty(), DateTimes.parseDateTimeOrDate("2201-01-01"));
        assertEquals(Optional.empty(), DateTimes.parseDateTimeOrDate("+999999999-12-31T23:59:59Z"));
        assertEquals(Optional.empty(), DateTimes.parseDateTimeOrDate("2025-01-01T00:00:00+18:00"));
        assertEquals(Optional.empty(), DateTimes.parseDateTimeOrDate("2025-01-01T00:00:00-12:30"));
    }
}
