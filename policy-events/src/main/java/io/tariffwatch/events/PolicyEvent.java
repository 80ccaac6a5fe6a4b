package io.tariffwatch.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy event as the README's contract defines it. On {@code policy.events} it carries the
 * {@code sequence} and {@code recordedAt} that policy-ingest added.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyEvent(
        String id,
        Kind kind,
        Stage stage,
        String imposer,
        List<String> targets,
        List<String> exceptTargets,
        Measure measure,
        Products products,
        BigDecimal rate,
        Map<String, BigDecimal> productRates,
        OffsetDateTime effectiveFrom,
        OffsetDateTime effectiveUntil,
        Deal deal,
        List<PolicyEvent> changes,
        Talks talks,
        OffsetDateTime announcedAt,
        String headline,
        String summary,
        Source source,
        Long sequence,
        OffsetDateTime recordedAt) implements TopicRecord {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Measure(String id, String authority, String title, List<String> yieldsTo, Role role, Basis basis) {
    }

    public enum Role { ADDITIONAL, BASE }

    public enum Basis { ADD, FLOOR }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Products(List<String> include, List<String> exclude) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deal(String id, String title, List<String> parties) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Talks(OffsetDateTime startsAt, OffsetDateTime endsAt, String location, List<String> parties) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String url, String citation, String publisher) {
    }

    /** On {@code policy.events}, keyed by imposer: each imposer's events stay in order. */
    @Override
    public String topic() {
        return Topics.POLICY_EVENTS;
    }

    @Override
    public String key() {
        return imposer;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.policyType(kind);
    }

    /** When the world learnt of the event: {@code announcedAt}, else when it was recorded (ingest fills it in). */
    public OffsetDateTime announcedOrRecordedAt() {
        return announcedAt != null ? announcedAt : recordedAt;
    }

    public Stage stageOrDefault() {
        return stage == null ? Stage.ENACTED : stage;
    }

    /**
     * The form published on {@code policy.events}: HS prefixes without dots, the contract's defaults written
     * out (stage ENACTED, products including every code, a PAUSE's rate 0), and a DEAL's changes carrying what
     * they inherit from the deal (imposer, stage, announcedAt, source).
     */
    public PolicyEvent normalized() {
        PolicyEvent e = withDefaults();
        if (changes == null) {
            return e;
        }
        List<PolicyEvent> inheriting = changes.stream().map(c -> new PolicyEvent(c.id, c.kind,
                c.stage == null ? e.stage : c.stage, c.imposer == null ? imposer : c.imposer, c.targets,
                c.exceptTargets, c.measure, c.products, c.rate, c.productRates, c.effectiveFrom, c.effectiveUntil,
                c.deal, c.changes, c.talks, c.announcedAt == null ? announcedAt : c.announcedAt, c.headline,
                c.summary, c.source == null ? source : c.source, c.sequence, c.recordedAt).withDefaults()).toList();
        return new PolicyEvent(id, kind, e.stage, imposer, targets, exceptTargets, measure, e.products, e.rate,
                e.productRates, effectiveFrom, effectiveUntil, deal, inheriting, talks, announcedAt, headline, summary,
                source, sequence, recordedAt);
    }

    /** As policy-ingest records it: with its place in the imposer-wide sequence and when it was recorded (also
     * when it was announced, if the publisher did not say). */
    public PolicyEvent recorded(long sequence, OffsetDateTime at) {
        return new PolicyEvent(id, kind, stage, imposer, targets, exceptTargets, measure, products, rate,
                productRates, effectiveFrom, effectiveUntil, deal, changes, talks,
                announcedAt == null ? at : announcedAt, headline, summary, source, sequence, at);
    }

    private PolicyEvent withDefaults() {
        Products p = products == null ? new Products(null, null) : products;
        Products all = new Products(withoutDots(p.include == null ? List.of(HsCodes.ALL_PRODUCTS) : p.include), withoutDots(p.exclude));
        Map<String, BigDecimal> rates = null;
        if (productRates != null) {
            rates = new LinkedHashMap<>();
            for (Map.Entry<String, BigDecimal> r : productRates.entrySet()) {
                rates.put(r.getKey().replace(".", ""), r.getValue());
            }
        }
        return new PolicyEvent(id, kind, stageOrDefault(), imposer, targets, exceptTargets, measure, all,
                rate == null && kind == Kind.PAUSE ? BigDecimal.ZERO : rate, rates, effectiveFrom, effectiveUntil,
                deal, changes, talks, announcedAt, headline, summary, source, sequence, recordedAt);
    }

    private static List<String> withoutDots(List<String> prefixes) {
        return prefixes == null ? null : prefixes.stream().map(code -> code.replace(".", "")).toList();
    }
}
