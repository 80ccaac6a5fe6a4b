package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A terse builder of recorded policy events for the domain tests. */
final class Ev {
    private final String id;
    private Kind kind;
    private Stage stage = Stage.ENACTED;
    private String imposer = "US";
    private List<String> targets = List.of("CN");
    private List<String> except;
    private String measure;
    private String authority;
    private List<String> yieldsTo;
    private PolicyEvent.Role role;
    private PolicyEvent.Basis basis;
    private List<String> include;
    private List<String> exclude;
    private BigDecimal rate;
    private Map<String, BigDecimal> productRates;
    private String from;
    private String until;
    private String announced;
    private final List<PolicyEvent> changes = new ArrayList<>();

    private Ev(String id, Kind kind) {
        this.id = id;
        this.kind = kind;
    }

    static Ev of(String id, Kind kind) {
        return new Ev(id, kind);
    }

    static Ev hike(String id, String measure, double rate, String from) {
        return of(id, Kind.HIKE).measure(measure).rate(rate).from(from);
    }

    Ev stage(Stage s) { this.stage = s; return this; }
    Ev imposer(String i) { this.imposer = i; return this; }
    Ev targets(String... t) { this.targets = List.of(t); return this; }
    Ev except(String... t) { this.except = List.of(t); return this; }
    Ev measure(String m) { this.measure = m; return this; }
    Ev authority(String a) { this.authority = a; return this; }
    Ev yieldsTo(String... m) { this.yieldsTo = List.of(m); return this; }
    Ev role(PolicyEvent.Role r) { this.role = r; return this; }
    Ev basis(PolicyEvent.Basis b) { this.basis = b; return this; }
    Ev include(String... p) { this.include = List.of(p); return this; }
    Ev exclude(String... p) { this.exclude = List.of(p); return this; }
    Ev rate(double r) { this.rate = BigDecimal.valueOf(r); return this; }
    Ev from(String f) { this.from = f; return this; }
    Ev until(String u) { this.until = u; return this; }
    Ev announced(String a) { this.announced = a; return this; }
    Ev change(Ev c) { this.changes.add(c.build(null)); return this; }

    Ev productRate(String prefix, double r) {
        if (productRates == null) {
            productRates = new LinkedHashMap<>();
        }
        productRates.put(prefix, BigDecimal.valueOf(r));
        return this;
    }

    PolicyEvent build(Long sequence) {
        PolicyEvent.Measure m = measure == null ? null
                : new PolicyEvent.Measure(measure, authority, null, yieldsTo, role, basis);
        PolicyEvent.Products p = include == null && exclude == null ? null : new PolicyEvent.Products(
                include == null ? List.of("*") : include, exclude);
        return new PolicyEvent(sequence == null ? null : id, kind, stage, imposer, targets, except, m, p, rate,
                productRates, time(from), time(until), null, changes.isEmpty() ? null : List.copyOf(changes), null,
                time(announced), id + " headline", null, null, sequence, sequence == null ? null : time("2026-01-01"));
    }

    /** Dates alone are midnight UTC. */
    static OffsetDateTime time(String s) {
        if (s == null) {
            return null;
        }
        return s.length() == 10 ? OffsetDateTime.parse(s + "T00:00:00Z") : OffsetDateTime.parse(s);
    }

    /** A book of the given events, published in the order given. */
    static TariffBook book(Ev... events) {
        TariffBook b = TariffBook.empty();
        long seq = 1;
        for (Ev e : events) {
            b = b.with(e.build(seq++));
        }
        return b;
    }
}
