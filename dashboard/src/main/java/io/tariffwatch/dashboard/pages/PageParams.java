package io.tariffwatch.dashboard.pages;

import io.tariffwatch.events.HsCodes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The pages' query parameters; a bad one is a 400 page naming it (the services never see it). */
final class PageParams {
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private PageParams() {
    }

    /** A country code in capitals, or null when absent. */
    static String country(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!COUNTRY.matcher(value).matches()) {
            throw new BadPageParameter(name, value, "a two-letter country code such as CN, or EU");
        }
        return value;
    }

    /** An HS code of 2 to 10 digits, dots allowed, or null. */
    static String hs(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (!HsCodes.isCodeOrPrefix(v)) {
            throw new BadPageParameter("hs", value, HsCodes.RULE);
        }
        return v;
    }

    /** A date (start of the day, UTC) or a date-time with offset; {@code fallback} when absent. */
    static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                if (day.getYear() < 1900 || day.getYear() > 2199) {
                    throw new BadPageParameter(name, value, "a date between 1900 and 2199");
                }
                return day.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadPageParameter(name, value, "a date such as 2025-04-12");
        }
    }

    /** {@code announced} or {@code threatened} (the what-if), or null for enacted events only. */
    static String include(String value) {
        if (value == null || value.isBlank() || value.equals("enacted")) {
            return null;
        }
        if (value.equals("announced") || value.equals("threatened")) {
            return value;
        }
        throw new BadPageParameter("include", value, "announced or threatened");
    }

    /** A parameter a page cannot take. */
    static final class BadPageParameter extends RuntimeException {
        final String parameter;
        final String value;

        BadPageParameter(String parameter, String value, String expected) {
            super("the parameter '" + parameter + "' should be " + expected);
            this.parameter = parameter;
            this.value = value;
        }
    }
}
