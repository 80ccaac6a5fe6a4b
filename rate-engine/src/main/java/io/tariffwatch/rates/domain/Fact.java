package io.tariffwatch.rates.domain;

import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One rate-relevant step: a policy event, or one change of a DEAL, with its place in publishing order.
 * {@code sourceEventId} is the published event's id (the DEAL's for its changes). {@code from} and
 * {@code until} are the event's instants, converted once: every duty computation reads them.
 */
record Fact(PolicyEvent event, String sourceEventId, long order, Instant from, Instant until) {

    static Fact of(PolicyEvent event, String sourceEventId, long order) {
        return of(event, sourceEventId, order, OffsetDateTime::toInstant);
    }

    /** With the instants as {@code instant} makes them (the book's held once for all its facts). */
    static Fact of(PolicyEvent event, String sourceEventId, long order, Function<OffsetDateTime, Instant> instant) {
        return new Fact(event, sourceEventId, order,
                event.effectiveFrom() == null ? null : instant.apply(event.effectiveFrom()),
                event.effectiveUntil() == null ? null : instant.apply(event.effectiveUntil()));
    }

    /** The event itself, then a DEAL's changes in their order: what it applies, as one step (the one place a DEAL
     * is expanded). */
    static List<PolicyEvent> steps(PolicyEvent event) {
        if (event.kind() != Kind.DEAL || event.changes() == null) {
            return List.of(event);
        }
        List<PolicyEvent> steps = new ArrayList<>(event.changes().size() + 1);
        steps.add(event);
        steps.addAll(event.changes());
        return steps;
    }

    Kind kind() {
        return event.kind();
    }

    String measureId() {
        return event.measure() == null ? null : event.measure().id();
    }

    /** Whether the event's targets, less its exceptTargets, include {@code partner}. */
    boolean targets(String imposer, String partner) {
        if (excepts(partner)) {
            return false;
        }
        for (String t : event.targets() == null ? List.<String>of() : event.targets()) {
            if (t.equals(partner)
                    || (Countries.ALL.equals(t) && !partner.equals(imposer))
                    || (Countries.EU.equals(t) && Countries.EU_MEMBERS.contains(partner))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the event's exceptTargets leave {@code partner} out (by code, or as an EU member). */
    boolean excepts(String partner) {
        List<String> except = event.exceptTargets();
        return except != null && !except.isEmpty()
                && (except.contains(partner) || (except.contains(Countries.EU) && Countries.EU_MEMBERS.contains(partner)));
    }

    /** The HS prefixes the event names (included, excluded, or with a rate of their own): a pair's product keys. */
    void addProductKeys(Set<String> keys) {
        for (String p : includes()) {
            if (!HsCodes.isAllProducts(p)) {
                keys.add(p);
            }
        }
        keys.addAll(excludes());
        if (event.productRates() != null) {
            keys.addAll(event.productRates().keySet());
        }
    }

    boolean activeAt(Instant t) {
        return from() != null && !t.isBefore(from()) && (until() == null || t.isBefore(until()));
    }

    List<String> includes() {
        return event.products() == null || event.products().include() == null
                ? List.of(HsCodes.ALL_PRODUCTS) : event.products().include();
    }

    List<String> excludes() {
        return event.products() == null || event.products().exclude() == null ? List.of() : event.products().exclude();
    }

    /** Whether the event's product scope takes in {@code hs}; general goods (null) only by "*". */
    boolean includes(String hs) {
        for (String prefix : includes()) {
            if (HsCodes.isAllProducts(prefix) || (hs != null && hs.startsWith(prefix))) {
                return true;
            }
        }
        return false;
    }

    boolean excludes(String hs) {
        return hs != null && excludes().stream().anyMatch(hs::startsWith);
    }

    /** The rate for {@code hs}: the most specific matching productRates prefix, else {@code rate}. */
    BigDecimal rateFor(String hs) {
        Map<String, BigDecimal> productRates = event.productRates();
        BigDecimal rate = event.rate() == null ? BigDecimal.ZERO : event.rate();
        if (hs == null || productRates == null) {
            return rate;
        }
        String best = null;
        for (String prefix : productRates.keySet()) {
            if (hs.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? rate : productRates.get(best);
    }
}
