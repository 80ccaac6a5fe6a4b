package io.tariffwatch.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.tariffwatch.events.Countries;
import io.tariffwatch.events.DateTimes;
import io.tariffwatch.events.HsCodes;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Stage;
import io.tariffwatch.support.problem.Problem.FieldError;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a policy event (the README's "Publishing policy events") as JSON, before it is bound to a record, so that every bad
 * field is reported at once with a JSON pointer, the rule and the value. Plain Java: no framework types.
 */
public final class PolicyEventValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final BigDecimal MAX_RATE = BigDecimal.valueOf(1000);
    private static final int MAX_RATE_DECIMALS = 6;
    /** Any number anywhere in an event: digits and decimal places a person could mean (1e-999999999 is a
     * dozen characters whose plain form is a billion digits). */
    private static final int MAX_NUMBER_DIGITS = 40;
    private static final int MAX_NUMBER_SCALE = 40;
    /** What a publisher may send: the record's fields, less those policy-ingest adds when it records one. */
    private static final Set<String> FIELDS = fieldsOf(PolicyEvent.class, "sequence", "recordedAt");
    private static final Set<String> MEASURE_FIELDS = fieldsOf(PolicyEvent.Measure.class);
    private static final Set<String> PRODUCTS_FIELDS = fieldsOf(PolicyEvent.Products.class);
    private static final Set<String> DEAL_FIELDS = fieldsOf(PolicyEvent.Deal.class);
    private static final Set<String> TALKS_FIELDS = fieldsOf(PolicyEvent.Talks.class);
    private static final Set<String> SOURCE_FIELDS = fieldsOf(PolicyEvent.Source.class);
    private static final Set<Kind> WITH_RATE = EnumSet.of(Kind.HIKE, Kind.CUT, Kind.PAUSE);
    private static final Set<Kind> WITH_UNTIL = EnumSet.of(Kind.HIKE, Kind.CUT, Kind.PAUSE, Kind.EXTEND, Kind.EXEMPTION);
    private static final Set<Kind> NO_MEASURE_ID = EnumSet.of(Kind.TALKS, Kind.DEAL);

    private final List<FieldError> errors = new ArrayList<>();

    /** The JSON fields of a contract record: its components, so that a field added there is accepted here. */
    private static Set<String> fieldsOf(Class<? extends Record> record, String... addedByIngest) {
        Set<String> fields = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(HashSet::new));
        fields.removeAll(Set.of(addedByIngest));
        return Set.copyOf(fields);
    }

    private PolicyEventValidator() {
    }

    /** Every problem of {@code event}; empty when it is valid. */
    public static List<FieldError> validate(JsonNode event) {
        PolicyEventValidator v = new PolicyEventValidator();
        v.numbersBounded(event, "");
        if (v.errors.isEmpty()) {
            v.event(event, "", null);
        }
        return v.errors;
    }

    /** First, and alone when it fails: no later check (or hash) ever expands an unbounded number. */
    private void numbersBounded(JsonNode node, String at) {
        if (node == null) {
            return;
        }
        if (node.isNumber()) {
            BigDecimal n = node.decimalValue();
            if (n.precision() > MAX_NUMBER_DIGITS || Math.abs(n.scale()) > MAX_NUMBER_SCALE) {
                // shown as its short text: no one downstream expands it either
                error(at, "number", node.asText(), "a number of at most " + MAX_NUMBER_DIGITS + " digits and "
                        + MAX_NUMBER_SCALE + " decimal places");
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> numbersBounded(f.getValue(), at + "/" + pointerToken(f.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                numbersBounded(node.get(i), at + "/" + i);
            }
        }
    }

    /** @param dealImposer for a DEAL's change, the deal's imposer (changes carry no id); else null */
    private void event(JsonNode e, String at, String dealImposer) {
        if (e == null || !e.isObject()) {
            error(at.isEmpty() ? "" : at, "type", e, "a policy event must be a JSON object");
            return;
        }
        unknownFields(e, at, FIELDS, "a policy event");
        boolean change = dealImposer != null;
        if (change) {
            if (e.has("id")) {
                error(at + "/id", "not-allowed", e.get("id"), "a deal's change has no id of its own");
            }
        } else {
            String id = requiredText(e, at, "id");
            if (id != null && !ID.matcher(id).matches()) {
                error(at + "/id", "pattern", e.get("id"), "1–128 characters of A-Z a-z 0-9 . _ : -");
            }
        }
        Kind kind = enumValue(e, at, "kind", Kind.class, true);
        enumValue(e, at, "stage", Stage.class, false);

        String imposer = change && !e.has("imposer") ? dealImposer : requiredText(e, at, "imposer");
        if (imposer != null && !Countries.isCountryOrEu(imposer)) {
            error(at + "/imposer", "country-code", e.get("imposer"), "an ISO 3166-1 alpha-2 code or EU");
        }
        if (change && imposer != null && !imposer.equals(dealImposer)) {
            error(at + "/imposer", "same-imposer", e.get("imposer"), "a deal's changes must share its imposer " + dealImposer);
        }
        if (change && (kind == Kind.DEAL || kind == Kind.TALKS)) {
            error(at + "/kind", "change-kind", e.get("kind"), "a deal's change cannot be a DEAL or TALKS");
        }
        targets(e, at, imposer);
        countryList(e.get("exceptTargets"), at + "/exceptTargets", false);
        measure(e, at, kind);
        products(e.get("products"), at + "/products");
        rates(e, at, kind);
        OffsetDateTime from = dateTime(e, at, "effectiveFrom", kind != null && kind != Kind.TALKS);
        OffsetDateTime until = dateTime(e, at, "effectiveUntil", kind == Kind.PAUSE || kind == Kind.EXTEND);
        if (until != null && kind != null && !WITH_UNTIL.contains(kind)) {
            error(at + "/effectiveUntil", "not-allowed", e.get("effectiveUntil"), "effectiveUntil is not used by " + kind);
        }
        if (from != null && until != null && !until.isAfter(from)) {
            error(at + "/effectiveUntil", "after-effectiveFrom", e.get("effectiveUntil"),
                    "effectiveUntil must be after effectiveFrom " + e.get("effectiveFrom").asText());
        }
        dateTime(e, at, "announcedAt", false);
        onlyFor(e, at, "deal", kind, Kind.DEAL);
        onlyFor(e, at, "changes", kind, Kind.DEAL);
        onlyFor(e, at, "talks", kind, Kind.TALKS);
        if (kind == Kind.DEAL) {
            deal(e, at, imposer);
        }
        if (kind == Kind.TALKS && e.has("talks")) {
            talks(e.get("talks"), at + "/talks");
        }
        text(e, at, "headline", 200);
        text(e, at, "summary", 10_000);
        source(e.get("source"), at + "/source");
    }

    /** Refuses fields the contract does not define: a misspelt field would otherwise be dropped silently. */
    private void unknownFields(JsonNode node, String at, Set<String> known, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                error(at + "/" + pointerToken(name), "unknown-field", null, "'" + name + "' is not a field of " + what);
            }
        }
    }

    private void targets(JsonNode e, String at, String imposer) {
        JsonNode targets = e.get("targets");
        if (targets == null || targets.isNull()) {
            error(at + "/targets", "required", null, "targets is required");
            return;
        }
        if (!targets.isArray() || targets.isEmpty()) {
            error(at + "/targets", "non-empty-array", targets, "a non-empty array of country codes, EU or [\"*\"]");
            return;
        }
        boolean all = false;
        for (int i = 0; i < targets.size(); i++) {
            JsonNode t = targets.get(i);
            if (t.isTextual() && Countries.ALL.equals(t.asText())) {
                all = true;
            } else if (!t.isTextual() || !Countries.isCountryOrEu(t.asText())) {
                error(at + "/targets/" + i, "country-code", t, "an ISO 3166-1 alpha-2 code, EU or *");
            } else if (t.asText().equals(imposer)) {
                error(at + "/targets/" + i, "not-imposer", t, "an imposer cannot target itself");
            }
        }
        if (all && targets.size() > 1) {
            error(at + "/targets", "star-alone", targets, "\"*\" stands alone; use exceptTargets to remove partners");
        }
    }

    private void countryList(JsonNode list, String at, boolean required) {
        if (list == null || list.isNull()) {
            if (required) {
                error(at, "required", null, "required");
            }
            return;
        }
        if (!list.isArray()) {
            error(at, "type", list, "an array of country codes");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            if (!c.isTextual() || !Countries.isCountryOrEu(c.asText())) {
                error(at + "/" + i, "country-code", c, "an ISO 3166-1 alpha-2 code or EU");
            }
        }
    }

    private void measure(JsonNode e, String at, Kind kind) {
        JsonNode m = e.get("measure");
        boolean idRequired = kind != null && !NO_MEASURE_ID.contains(kind);
        if (m == null || m.isNull()) {
            if (idRequired) {
                error(at + "/measure", "required", null, "measure (with its id) is required for " + kind);
            }
            return;
        }
        if (!m.isObject()) {
            error(at + "/measure", "type", m, "an object { id, authority, title, yieldsTo, role, basis }");
            return;
        }
        String id = idRequired ? requiredText(m, at + "/measure", "id") : optionalText(m, at + "/measure", "id");
        if (id != null && !ID.matcher(id).matches()) {
            error(at + "/measure/id", "pattern", m.get("id"), "1–128 characters of A-Z a-z 0-9 . _ : -");
        }
        unknownFields(m, at + "/measure", MEASURE_FIELDS, "a measure");
        optionalText(m, at + "/measure", "authority");
        optionalText(m, at + "/measure", "title");
        enumValue(m, at + "/measure", "role", PolicyEvent.Role.class, false);
        enumValue(m, at + "/measure", "basis", PolicyEvent.Basis.class, false);
        JsonNode yields = m.get("yieldsTo");
        if (yields != null && !yields.isNull()) {
            if (!yields.isArray()) {
                error(at + "/measure/yieldsTo", "type", yields, "an array of measure ids");
            } else {
                for (int i = 0; i < yields.size(); i++) {
                    if (!yields.get(i).isTextual() || !ID.matcher(yields.get(i).asText()).matches()) {
                        error(at + "/measure/yieldsTo/" + i, "pattern", yields.get(i), "a measure id");
                    }
                }
            }
        }
    }

    private void products(JsonNode p, String at) {
        if (p == null || p.isNull()) {
            return;
        }
        if (!p.isObject()) {
            error(at, "type", p, "an object { include, exclude }");
            return;
        }
        unknownFields(p, at, PRODUCTS_FIELDS, "products");
        JsonNode include = p.get("include");
        if (include != null && !include.isNull()) {
            if (!include.isArray() || include.isEmpty()) {
                error(at + "/include", "non-empty-array", include, "[\"*\"] or an array of HS prefixes");
            } else if (!(include.size() == 1 && HsCodes.isAllProducts(include.get(0).asText()))) {
                hsList(include, at + "/include");
            }
        }
        JsonNode exclude = p.get("exclude");
        if (exclude != null && !exclude.isNull()) {
            if (!exclude.isArray()) {
                error(at + "/exclude", "type", exclude, "an array of HS prefixes");
            } else {
                hsList(exclude, at + "/exclude");
            }
        }
    }

    private void hsList(JsonNode list, String at) {
        for (int i = 0; i < list.size(); i++) {
            hsPrefix(list.get(i), at + "/" + i);
        }
    }

    private void hsPrefix(JsonNode prefix, String at) {
        if (!prefix.isTextual() || !HsCodes.isCodeOrPrefix(prefix.asText())) {
            error(at, "hs-prefix", prefix, "an HS prefix of 2, 4, 6, 8 or 10 digits (dots allowed)");
        }
    }

    private void rates(JsonNode e, String at, Kind kind) {
        JsonNode rate = e.get("rate");
        if (rate == null || rate.isNull()) {
            if (kind == Kind.HIKE || kind == Kind.CUT) {
                error(at + "/rate", "required", null, "rate is required for " + kind);
            }
        } else if (kind != null && !WITH_RATE.contains(kind)) {
            error(at + "/rate", "not-allowed", rate, "rate is not used by " + kind);
        } else {
            rate(rate, at + "/rate");
        }
        JsonNode productRates = e.get("productRates");
        if (productRates == null || productRates.isNull()) {
            return;
        }
        if (kind != null && kind != Kind.HIKE && kind != Kind.CUT) {
            error(at + "/productRates", "not-allowed", productRates, "productRates is for HIKE and CUT only");
        } else if (!productRates.isObject()) {
            error(at + "/productRates", "type", productRates, "an object { \"<HS prefix>\": rate }");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = productRates.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String pointer = at + "/productRates/" + pointerToken(entry.getKey());
                if (!HsCodes.isCodeOrPrefix(entry.getKey())) {
                    error(pointer, "hs-prefix", entry.getKey(), "an HS prefix of 2, 4, 6, 8 or 10 digits (dots allowed)");
                }
                rate(entry.getValue(), pointer);
            }
        }
    }

    private void rate(JsonNode rate, String at) {
        if (!rate.isNumber()) {
            error(at, "type", rate, "a number: percent ad valorem");
            return;
        }
        BigDecimal r = rate.decimalValue();
        if (r.signum() < 0 || r.compareTo(MAX_RATE) > 0) {
            error(at, "range", rate, "0 ≤ rate ≤ 1000");
        } else if (r.stripTrailingZeros().scale() > MAX_RATE_DECIMALS) {
            error(at, "precision", rate, "at most " + MAX_RATE_DECIMALS + " decimal places");
        }
    }

    private void deal(JsonNode e, String at, String imposer) {
        JsonNode deal = e.get("deal");
        if (deal == null || deal.isNull()) {
            error(at + "/deal", "required", null, "deal { id, title, parties } is required for DEAL");
        } else if (!deal.isObject()) {
            error(at + "/deal", "type", deal, "an object { id, title, parties }");
        } else {
            unknownFields(deal, at + "/deal", DEAL_FIELDS, "a deal");
            String id = requiredText(deal, at + "/deal", "id");
            if (id != null && !ID.matcher(id).matches()) {
                error(at + "/deal/id", "pattern", deal.get("id"), "1–128 characters of A-Z a-z 0-9 . _ : -");
            }
            optionalText(deal, at + "/deal", "title");
            countryList(deal.get("parties"), at + "/deal/parties", false);
        }
        JsonNode changes = e.get("changes");
        if (changes == null || changes.isNull()) {
            return;
        }
        if (!changes.isArray()) {
            error(at + "/changes", "type", changes, "an array of policy events");
            return;
        }
        for (int i = 0; i < changes.size(); i++) {
            event(changes.get(i), at + "/changes/" + i, imposer == null ? "" : imposer);
        }
    }

    private void talks(JsonNode talks, String at) {
        if (!talks.isObject()) {
            error(at, "type", talks, "an object { startsAt, endsAt, location, parties }");
            return;
        }
        unknownFields(talks, at, TALKS_FIELDS, "talks");
        OffsetDateTime starts = dateTime(talks, at, "startsAt", false);
        OffsetDateTime ends = dateTime(talks, at, "endsAt", false);
        if (starts != null && ends != null && ends.isBefore(starts)) {
            error(at + "/endsAt", "after-startsAt", talks.get("endsAt"), "endsAt must not be before startsAt");
        }
        optionalText(talks, at, "location");
        countryList(talks.get("parties"), at + "/parties", false);
    }

    private void source(JsonNode source, String at) {
        if (source == null || source.isNull()) {
            return;
        }
        if (!source.isObject()) {
            error(at, "type", source, "an object { url, citation, publisher }");
            return;
        }
        unknownFields(source, at, SOURCE_FIELDS, "a source");
        String url = optionalText(source, at, "url");
        if (url != null && !isHttpUrl(url)) {
            error(at + "/url", "url", source.get("url"), "an absolute http or https URL");
        }
        optionalText(source, at, "citation");
        optionalText(source, at, "publisher");
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void onlyFor(JsonNode e, String at, String field, Kind kind, Kind allowed) {
        if (e.has(field) && !e.get(field).isNull() && kind != null && kind != allowed) {
            error(at + "/" + field, "not-allowed", e.get(field), field + " is for " + allowed + " only");
        }
    }

    private String requiredText(JsonNode node, String at, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            error(at + "/" + field, "required", null, field + " is required");
            return null;
        }
        return optionalText(node, at, field);
    }

    private String optionalText(JsonNode node, String at, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            error(at + "/" + field, "type", v, field + " must be a string");
            return null;
        }
        return v.asText();
    }

    private void text(JsonNode node, String at, String field, int max) {
        String v = optionalText(node, at, field);
        if (v != null && v.length() > max) {
            error(at + "/" + field, "max-length", v.length(), field + " is at most " + max + " characters");
        }
    }

    private <E extends Enum<E>> E enumValue(JsonNode node, String at, String field, Class<E> type, boolean required) {
        String v = required ? requiredText(node, at, field) : optionalText(node, at, field);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            error(at + "/" + field, "enum", v, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    private OffsetDateTime dateTime(JsonNode node, String at, String field, boolean required) {
        String v = required ? requiredText(node, at, field) : optionalText(node, at, field);
        if (v == null) {
            return null;
        }
        OffsetDateTime parsed;
        try {
            parsed = OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            error(at + "/" + field, "date-time", v, "an ISO 8601 date-time with offset, e.g. 2025-04-10T00:01:00-04:00");
            return null;
        }
        if (!DateTimes.withinBounds(parsed)) {
            error(at + "/" + field, "range", v, DateTimes.BOUNDS);
            return null;
        }
        return parsed;
    }

    private void error(String pointer, String rule, Object value, String message) {
        Object shown = value instanceof JsonNode node
                ? (node.isNumber() ? node.numberValue() : node.isValueNode() ? node.asText() : node.toString()) : value;
        errors.add(new FieldError(pointer, rule, shown, message));
    }

    /** RFC 6901 escaping of one reference token. */
    private static String pointerToken(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
