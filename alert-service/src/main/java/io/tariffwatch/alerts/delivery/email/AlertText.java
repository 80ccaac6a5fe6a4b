package io.tariffwatch.alerts.delivery.email;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.PolicyDocument;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.RateChange.Cause;
import io.tariffwatch.events.RateChange.Component;
import io.tariffwatch.events.Stage;
import io.tariffwatch.events.UpcomingNotice;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Says in words what an alert is about, for people: plain Java over the alert's records. */
public final class AlertText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private AlertText() {
    }

    /** "US tariff on goods from China: 20% → 145% (+125 points) from 10 April 2025, IEEPA …, source: …" */
    public static String rateChange(RateChange c) {
        BigDecimal delta = c.delta() != null ? c.delta()
                : c.newRate() != null && c.previousRate() != null ? c.newRate().subtract(c.previousRate()) : BigDecimal.ZERO;
        StringBuilder s = new StringBuilder()
                .append(c.imposer()).append(" tariff on ").append(goods(c.partner(), c.product()))
                .append(": ").append(percent(c.previousRate())).append(" → ").append(percent(c.newRate()))
                .append(" (").append(points(delta)).append(")")
                .append(" from ").append(day(c.effectiveFrom()));
        String authority = authority(c);
        if (authority != null) {
            s.append(", ").append(authority);
        }
        if (c.retroactive()) {
            s.append(", retroactively");
        }
        appendSource(s, c.cause());
        return s.toString();
    }

    static String rateChangeHeadline(RateChange c) {
        return c.imposer() + " tariff on " + goods(c.partner(), c.product()) + ": " + percent(c.previousRate()) + " → "
                + percent(c.newRate());
    }

    /**
     * "Correction: the US tariff on goods from China from 10 November 2025 is 30% → 20%, not 30% → 44% as
     * announced earlier", or for a withdrawal "Correction: the US tariff on goods from China does not move
     * on 10 November 2025 (announced earlier as 30% → 44%)".
     */
    public static String correction(RateChange c) {
        RateChange.Corrects was = c.corrects();
        String announced = was == null ? "?" : percent(was.previousRate()) + " → " + percent(was.newRate());
        StringBuilder s = new StringBuilder("Correction: the ").append(c.imposer()).append(" tariff on ")
                .append(goods(c.partner(), c.product()));
        if (c.newRate() != null) {
            s.append(" from ").append(day(c.effectiveFrom())).append(" is ").append(percent(c.previousRate()))
                    .append(" → ").append(percent(c.newRate())).append(", not ").append(announced)
                    .append(" as announced earlier");
        } else {
            s.append(" does not move on ").append(day(c.effectiveFrom())).append(" (announced earlier as ")
                    .append(announced).append(")");
        }
        appendSource(s, c.cause());
        return s.toString();
    }

    static String correctionHeadline(RateChange c) {
        return "Correction: " + c.imposer() + " tariff on " + goods(c.partner(), c.product())
                + (c.newRate() != null ? ": " + percent(c.previousRate()) + " → " + percent(c.newRate())
                : " does not move on " + day(c.effectiveFrom()));
    }

    /** "In 7 days the pause on goods from Japan ends: 10% → 24% (9 July 2025)" */
    public static String notice(UpcomingNotice n, Instant now) {
        long days = Math.max(0, Math.round(Duration.between(now, n.at().toInstant()).toHours() / 24.0));
        String when = days == 0 ? "Today" : days == 1 ? "Tomorrow" : "In " + days + " days";
        String goods = goods(n.partner(), n.product());
        CauseKind kind = n.cause() == null ? null : n.cause().kind();
        String what = kind == CauseKind.PAUSE_EXPIRED ? "the pause on " + n.imposer() + " tariffs on " + goods + " ends"
                : kind == CauseKind.EXPIRED ? "a " + n.imposer() + " tariff on " + goods + " expires"
                : "the " + n.imposer() + " tariff on " + goods + " changes";
        StringBuilder s = new StringBuilder(when).append(' ').append(what).append(": ")
                .append(percent(n.currentRate())).append(" → ").append(percent(n.upcomingRate()))
                .append(" (").append(day(n.at())).append(")");
        appendSource(s, n.cause());
        return s.toString();
    }

    static String noticeHeadline(UpcomingNotice n) {
        return "Upcoming: " + n.imposer() + " tariff on " + goods(n.partner(), n.product()) + " "
                + percent(n.currentRate()) + " → " + percent(n.upcomingRate());
    }

    /** "New executive order filed for public inspection: <title>, to be published on 16 May 2025: <link>". */
    public static String document(PolicyDocument d) {
        String what = d.subtype() != null ? d.subtype().toLowerCase(Locale.ROOT)
                : d.type() != null ? d.type().toLowerCase(Locale.ROOT) : "document";
        boolean filed = d.stage() == PolicyDocument.Stage.PUBLIC_INSPECTION;
        StringBuilder s = new StringBuilder("New ").append(what).append(filed ? " filed for public inspection: "
                : " published in the Federal Register: ").append(d.title());
        if (d.publicationDate() != null) {
            s.append(filed ? ", to be published on " : ", published on ").append(DAY.format(d.publicationDate()));
        }
        if (d.citation() != null) {
            s.append(" (").append(d.citation()).append(")");
        }
        if (d.htmlUrl() != null) {
            s.append(": ").append(d.htmlUrl());
        }
        return s.toString();
    }

    static String documentHeadline(PolicyDocument d) {
        return (d.stage() == PolicyDocument.Stage.PUBLIC_INSPECTION ? "Filed: " : "Published: ") + d.title();
    }

    /** The headline of an informational event, or a sentence made from its kind and parties. */
    public static String policy(PolicyEvent e) {
        if (e.headline() != null && !e.headline().isBlank()) {
            return e.headline();
        }
        Stage stage = e.stage() == null ? Stage.ENACTED : e.stage();
        return e.imposer() + ": " + (e.kind() == null ? "event" : e.kind().name().toLowerCase(Locale.ROOT))
                + " (" + stage.name().toLowerCase(Locale.ROOT) + ") concerning "
                + String.join(", ", names(e.targets() == null ? List.of() : e.targets()));
    }

    /** One line whatever the event's text holds: a CR or LF in a header would start another header. */
    public static String subject(AlertContent content) {
        return singleLine(content.headline());
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
    public static List<String> components(List<Component> components) {
        List<String> lines = new ArrayList<>();
        for (Component c : components == null ? List.<Component>of() : components) {
            String authority = c.authority() == null ? "" : c.authority();
            lines.add(c.measureId() + (authority.isBlank() ? "" : " (" + authority + ")") + ": "
                    + percent(c.rate()) + " " + (c.state() == null ? "" : c.state().name()));
        }
        return lines;
    }

    static String goods(String partner, String product) {
        String goods = "goods from " + country(partner);
        return product == null || HsCodes.isAllProducts(product) ? goods : goods + " under HS " + hs(product);
    }

    static String country(String code) {
        if ("EU".equals(code)) {
            return "the European Union";
        }
        String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() || name.equals(code) ? code : name;
    }

    private static List<String> names(List<String> codes) {
        List<String> names = new ArrayList<>();
        codes.forEach(c -> names.add(Countries.ALL.equals(c) ? "all partners" : country(c)));
        return names;
    }

    /** 851713 → 8517.13, as HS codes are usually written. */
    static String hs(String digits) {
        return digits.length() <= 4 ? digits : digits.substring(0, 4) + "." + digits.substring(4);
    }

    static String percent(BigDecimal rate) {
        return rate == null ? "?" : plain(rate) + "%";
    }

    static String points(BigDecimal delta) {
        return (delta.signum() >= 0 ? "+" : "−") + plain(delta.abs()) + " points";
    }

    private static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }

    private static String day(OffsetDateTime t) {
        return t == null ? "?" : t.withOffsetSameInstant(ZoneOffset.UTC).format(DAY);
    }

    private static String authority(RateChange change) {
        String measure = change.cause() == null ? null : change.cause().measureId();
        for (Component c : change.components() == null ? List.<Component>of() : change.components()) {
            if (c.measureId() != null && c.measureId().equals(measure) && c.authority() != null) {
                return c.authority();
            }
        }
        return measure;
    }

    private static void appendSource(StringBuilder s, Cause cause) {
        if (cause == null) {
            return;
        }
        if (cause.sourceUrl() != null) {
            s.append(", source: ").append(cause.sourceUrl());
        } else if (cause.headline() != null) {
            s.append(" (").append(cause.headline()).append(")");
        }
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
