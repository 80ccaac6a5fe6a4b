package io.tariffwatch.rates.domain;

import io.tariffwatch.events.PolicyEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values that events repeat — imposers, partner lists, measures, product scopes, rates, dates, sources — held
 * once for all the events of a book and its successors. The book keeps every event it applied; bound from JSON, each
 * held its own copy of every value (a hundred thousand events of a replay filled most of the engine's heap with
 * equal strings, lists and dates). An event's own values (id, sequence, headline, summary) are left as they are.
 * Bounded: past {@value #LIMIT} distinct values, new ones are kept unshared.
 */
final class SharedValues {
    static final int LIMIT = 200_000;

    private final Map<Object, Object> values = new ConcurrentHashMap<>();
    private final int limit;

    SharedValues() {
        this(LIMIT);
    }

    SharedValues(int limit) {
        this.limit = limit;
    }

    /** The event with its repeated values replaced by equal ones held before, its DEAL changes likewise. */
    PolicyEvent of(PolicyEvent e) {
        return new PolicyEvent(e.id(), e.kind(), e.stage(), shared(e.imposer()), strings(e.targets()),
                strings(e.exceptTargets()), measure(e.measure()), products(e.products()), shared(e.rate()),
                productRates(e.productRates()), shared(e.effectiveFrom()), shared(e.effectiveUntil()), deal(e.deal()),
                changes(e.changes()), talks(e.talks()), shared(e.announcedAt()), e.headline(), e.summary(),
                source(e.source()), e.sequence(), shared(e.recordedAt()));
    }

    /** The instant of a date the book reads: equal instants of many events held once. */
    Instant instant(OffsetDateTime at) {
        return at == null ? null : shared(at.toInstant());
    }

    private PolicyEvent.Measure measure(PolicyEvent.Measure m) {
        return m == null ? null : shared(new PolicyEvent.Measure(shared(m.id()), shared(m.authority()), shared(m.title()),
                strings(m.yieldsTo()), m.role(), m.basis()));
    }

    private PolicyEvent.Products products(PolicyEvent.Products p) {
        return p == null ? null : shared(new PolicyEvent.Products(strings(p.include()), strings(p.exclude())));
    }

    private PolicyEvent.Deal deal(PolicyEvent.Deal d) {
        return d == null ? null : shared(new PolicyEvent.Deal(shared(d.id()), shared(d.title()), strings(d.parties())));
    }

    private PolicyEvent.Talks talks(PolicyEvent.Talks t) {
        return t == null ? null : shared(new PolicyEvent.Talks(shared(t.startsAt()), shared(t.endsAt()),
                shared(t.location()), strings(t.parties())));
    }

    private PolicyEvent.Source source(PolicyEvent.Source s) {
        return s == null ? null : shared(new PolicyEvent.Source(shared(s.url()), shared(s.citation()),
                shared(s.publisher())));
    }

    /** Its order kept: a product's rate is read by the longest matching prefix, but the map is also shown. */
    private Map<String, BigDecimal> productRates(Map<String, BigDecimal> rates) {
        return rates == null ? null : shared(rates);
    }

    private List<PolicyEvent> changes(List<PolicyEvent> changes) {
        return changes == null ? null : changes.stream().map(c -> c == null ? null : of(c)).toList();
    }

    /** A list of codes as an immutable list of shared strings, the list itself shared. */
    private List<String> strings(List<String> list) {
        return list == null ? null : shared(list.stream().map(this::shared).toList());
    }

    @SuppressWarnings("unchecked")
    private <T> T shared(T value) {
        if (value == null) {
            return null;
        }
        Object held = values.get(value);
        if (held != null) {
            return (T) held;
        }
        if (values.size() >= limit) {
            return value;
        }
        held = values.putIfAbsent(value, value);
        return held == null ? value : (T) held;
    }
}
