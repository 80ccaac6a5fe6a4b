package io.tariffwatch.dashboard.services;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How pages write rates, dates and countries. */
public final class Formats {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private Formats() {
    }

    public static String percent(BigDecimal rate) {
        return rate == null ? "—" : rate.stripTrailingZeros().toPlainString() + "%";
    }

    /** "+125 points", "−115 points". */
    public static String delta(BigDecimal delta) {
        if (delta == null) {
            return "";
        }
        String size = delta.abs().stripTrailingZeros().toPlainString();
        return (delta.signum() < 0 ? "−" : "+") + size + " points";
    }

    public static String day(Instant t) {
        return t == null ? "" : DAY.format(t.atOffset(ZoneOffset.UTC));
    }

    /** The ISO date of an instant (UTC), as date inputs take it. */
    public static String isoDay(Instant t) {
        return t == null ? "" : LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    /** "China", "the European Union", "every partner". */
    public static String country(String code) {
        if (code == null) {
            return "";
        }
        return switch (code) {
            case "EU" -> "the European Union";
            case "*" -> "every partner";
            default -> {
                String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
                yield name.isBlank() || name.equals(code) ? code : name;
            }
        };
    }

    /** "China", "China and Hong Kong", "185 partners". */
    public static String partners(List<String> codes) {
        if (codes.size() == 1) {
            return country(codes.get(0));
        }
        if (codes.size() <= 3) {
            return String.join(", ", codes.subList(0, codes.size() - 1).stream().map(Formats::country).toList())
                    + " and " + country(codes.get(codes.size() - 1));
        }
        return codes.size() + " partners";
    }

    /** "today", "tomorrow", "in 6 days", "yesterday", "12 days ago". */
    public static String relativeDays(Instant at, Instant now) {
        long days = java.time.Duration.between(now, at).toDays();
        if (days == 0) {
            return at.isAfter(now) ? "within a day" : "today";
        }
        if (days == 1) {
            return "in 1 day";
        }
        if (days == -1) {
            return "1 day ago";
        }
        return days > 0 ? "in " + days + " days" : -days + " days ago";
    }
}
