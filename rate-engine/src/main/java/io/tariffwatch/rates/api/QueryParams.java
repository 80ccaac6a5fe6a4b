package io.tariffwatch.rates.api;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.DateTimes;
import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.Stage;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.Problem.FieldError;
import io.tariffwatch.support.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/** Parses the rate API's path and query parameters; anything wrong is a 400 naming the parameter. */
final class QueryParams {

    private QueryParams() {
    }

    static String country(String name, String value) {
        if (value == null || !Countries.isCountryOrEu(value)) {
            throw bad(name, "country-code", value, "an ISO 3166-1 alpha-2 code or EU");
        }
        return value;
    }

    /** An HS code or prefix, dots allowed; null or empty for general goods. */
    static String hs(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return HsCodes.digits(value).orElseThrow(() -> bad("hs", "hs-code", value, HsCodes.RULE));
    }

    /** An instant: ISO 8601 date-time with offset, or a date (its start in UTC); {@code fallback} when absent. */
    static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return DateTimes.parseDateTimeOrDate(value).map(OffsetDateTime::toInstant).orElseThrow(() ->
                bad(name, "date-time", value, "an ISO 8601 date-time with offset or a date, e.g. 2025-04-11; "
                        + DateTimes.BOUNDS));
    }

    /** {@code include=announced|threatened}: the least certain stage that counts. */
    static Stage minStage(String include) {
        if (include == null || include.isBlank()) {
            return Stage.ENACTED;
        }
        return switch (include.toLowerCase(Locale.ROOT)) {
            case "announced" -> Stage.ANNOUNCED;
            case "threatened" -> Stage.THREATENED;
            case "enacted" -> Stage.ENACTED;
            default -> throw bad("include", "enum", include, "announced or threatened");
        };
    }

    /** A count of results: {@code fallback} when absent, else 1 to {@code max}. */
    static int limit(String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        throw bad("limit", "range", value, "a whole number from 1 to " + max);
    }

    static ProblemException bad(String parameter, String rule, Object value, String message) {
        return new ProblemException(Problem.of(400, "Bad Request", "the parameter '" + parameter + "' is not valid",
                List.of(new FieldError(parameter, rule, value, message))));
    }
}
