package io.tariffwatch.alerts.delivery.email;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Says in words what an alert is about, for people: plain Java over the alert's JSON data. */
public final class AlertText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private AlertText() {
    }

    /** "US tariff on goods from China: 20% → 145% (+125 points) from 10 April 2025, IEEPA …, source: …" */
    public static String rateChange(JsonNode c) {
        JsonNode cause = c.path("cause");
        StringBuilder s = new StringBuilder()
                .append(c.path("imposer").asText()).append(" tariff on ").append(goods(c))
                .append(": ").append(percent(c.path("previousRate"))).append(" → ").append(percent(c.path("newRate")))
                .append(" (").append(points(c.path("delta").decimalValue())).append(")")
                .append(" from ").append(day(c.path("effectiveFrom").asText()));
        String authority = authority(c);
        if (authority != null) {
            s.append(", ").append(authority);
        }
        if (c.path("retroactive").asBoolean()) {
            s.append(", retroactively");
        }
        appendSource(s, cause);
        return s.toString();
    }

    /**
     * "Correction: the US tariff on goods from China from 10 November 2025 is 30% → 20%, not 30% → 44% as
     * announced earlier", or for a withdrawal "Correction: the US tariff on goods from China does not move
     * on 10 November 2025 (announced earlier as 30% → 44%)".
     */
    public static String correction(JsonNode c) {
        JsonNode was = c.path("corrects");
        String announced = percent(was.path("previousRate")) + " → " + percent(was.path("newRate"));
        String tariff = "the " + c.path("imposer").asText() + " tariff on " + goods(c);
        String day = day(c.path("effectiveFrom").asText());
        StringBuilder s = new StringBuilder("Correction: ").append(tariff);
        if (c.hasNonNull("newRate")) {
            s.append(" from ").append(day).append(" is ").append(percent(c.path("previousRate"))).append(" → ")
                    .append(percent(c.path("newRate"))).append(", not ").append(announced).append(" as announced earlier");
        } else {
            s.append(" does not move on ").append(day).append(" (announced earlier as ").append(announced).append(")");
        }
        appendSource(s, c.path("cause"));
        return s.toString();
    }

    /** "In 7 days the pause on goods from Japan ends: 10% → 24% (9 July 2025)" */
    public static String notice(JsonNode n, Instant now) {
        JsonNode cause = n.path("cause");
        Instant at = OffsetDateTime.parse(n.path("at").asText()).toInstant();
        long days = Math.max(0, Math.round(Duration.between(now, at).toHours() / 24.0));
        String when = days == 0 ? "Today" : days == 1 ? "Tomorrow" : "In " + days + " days";
        String what = switch (cause.path("kind").asText()) {
            case "PAUSE_EXPIRED" -> "the pause on " + n.path("imposer").asText() + " tariffs on " + goods(n) + " ends";
            case "EXPIRED" -> "a " + n.path("imposer").asText() + " tariff on " + goods(n) + " expires";
            default -> "the " + n.path("imposer").asText() + " tariff on " + goods(n) + " changes";
        };
        StringBuilder s = new StringBuilder(when).append(' ').append(what).append(": ")
                .append(percent(n.path("currentRate"))).append(" → ").append(percent(n.path("upcomingRate")))
                .append(" (").append(day(n.path("at").asText())).append(")");
        appendSource(s, cause);
        return s.toString();
    }

    /** The headline of an informational event, or a sentence made from its kind and parties. */
    public static String policy(JsonNode e) {
        String headline = e.path("headline").asText("");
        if (!headline.isBlank()) {
            return headline;
        }
        String stage = e.path("stage").asText("ENACTED").toLowerCase(Locale.ROOT);
        return e.path("imposer").asText() + ": " + e.path("kind").asText().toLowerCase(Locale.ROOT)
                + " (" + stage + ") concerning " + String.join(", ", names(e.path("targets")));
    }

    /** One line whatever the event's text holds: a CR or LF in a header would start another header. */
    public static String subject(String type, JsonNode data) {
        return singleLine(switch (type) {
            case "tariff.rate.changed" -> data.path("imposer").asText() + " tariff on " + goods(data) + ": "
                    + percent(data.path("previousRate")) + " → " + percent(data.path("newRate"));
            case "tariff.rate.corrected" -> "Correction: " + data.path("imposer").asText() + " tariff on " + goods(data)
                    + (data.hasNonNull("newRate") ? ": " + percent(data.path("previousRate")) + " → "
                    + percent(data.path("newRate")) : " does not move on " + day(data.path("effectiveFrom").asText()));
            case "tariff.rate.upcoming" -> "Upcoming: " + data.path("imposer").asText() + " tariff on " + goods(data)
                    + " " + percent(data.path("currentRate")) + " → " + percent(data.path("upcomingRate"));
            default -> truncate(policy(data), 150);
        });
    }

    /** Control characters and line or paragraph separators become spaces. */
    static String singleLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return b.toString();
    }

    /** One line per component: "US-IEEPA-RECIPROCAL (IEEPA …): 125% ACTIVE". */
    public static List<String> components(JsonNode data) {
        List<String> lines = new ArrayList<>();
        for (JsonNode c : data.path("components")) {
            String authority = c.path("authority").asText("");
            lines.add(c.path("measureId").asText() + (authority.isBlank() ? "" : " (" + authority + ")") + ": "
                    + percent(c.path("rate")) + " " + c.path("state").asText());
        }
        return lines;
    }

    static String goods(JsonNode data) {
        String product = data.path("product").asText("*");
        String goods = "goods from " + country(data.path("partner").asText());
        return "*".equals(product) ? goods : goods + " under HS " + hs(product);
    }

    static String country(String code) {
        if ("EU".equals(code)) {
            return "the European Union";
        }
        String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() || name.equals(code) ? code : name;
    }

    private static List<String> names(JsonNode codes) {
        List<String> names = new ArrayList<>();
        codes.forEach(c -> names.add("*".equals(c.asText()) ? "all partners" : country(c.asText())));
        return names;
    }

    /** 851713 → 8517.13, as HS codes are usually written. */
    static String hs(String digits) {
        return digits.length() <= 4 ? digits : digits.substring(0, 4) + "." + digits.substring(4);
    }

    static String percent(JsonNode rate) {
        return rate.isMissingNode() || rate.isNull() ? "?" : plain(rate.decimalValue()) + "%";
    }

    static String points(BigDecimal delta) {
        return (delta.signum() >= 0 ? "+" : "−") + plain(delta.abs()) + " points";
    }

    private static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }

    private static String day(String dateTime) {
        try {
            return OffsetDateTime.parse(dateTime).withOffsetSameInstant(ZoneOffset.UTC).format(DAY);
        } catch (RuntimeException e) {
            return dateTime;
        }
    }

    private static String authority(JsonNode change) {
        String measure = change.path("cause").path("measureId").asText(null);
        for (JsonNode c : change.path("components")) {
            if (c.path("measureId").asText().equals(measure) && c.hasNonNull("authority")) {
                return c.path("authority").asText();
            }
        }
        return measure;
    }

    private static void appendSource(StringBuilder s, JsonNode cause) {
        if (cause.hasNonNull("sourceUrl")) {
            s.append(", source: ").append(cause.path("sourceUrl").asText());
        } else if (cause.hasNonNull("headline")) {
            s.append(" (").append(cause.path("headline").asText()).append(")");
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
