package io.tariffwatch.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.support.Credentials;
import io.tariffwatch.support.JsonCustomizer;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ContentHashTest {
    private static final ObjectMapper MAPPER = serviceMapper();

    private static ObjectMapper serviceMapper() {
        ObjectMapper mapper = Json.mapper();
        new JsonCustomizer().customize(mapper);
        return mapper;
    }

    private static List<JsonNode> fixtures() throws Exception {
        try (InputStream in = ContentHashTest.class.getResourceAsStream("/content-hash/events.json")) {
            List<JsonNode> events = new ArrayList<>();
            MAPPER.readTree(in).forEach(events::add);
            return events;
        }
    }

    private static String hash(JsonNode event) throws Exception {
        return ContentHash.of(MAPPER, MAPPER.treeToValue(event, PolicyEvent.class).normalized());
    }

    /** The hashes stored by every earlier version: the record as a tree, copied with keys sorted into maps and numbers
     * into their plain decimal text, written out and hashed. An event published again after an upgrade must be a
     * repeat, not a conflict. */
    private static String storedHash(JsonNode event) throws Exception {
        PolicyEvent recorded = MAPPER.treeToValue(event, PolicyEvent.class).normalized();
        return Credentials.sha256Hex(MAPPER.writeValueAsBytes(sortedCopy(MAPPER.valueToTree(recorded))));
    }

    private static Object sortedCopy(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), sortedCopy(e.getValue())));
            return sorted;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(sortedCopy(n)));
            return list;
        }
        return node.isNumber() ? node.decimalValue().stripTrailingZeros().toPlainString() : node;
    }

    @Test
    void givesTheHashesStoredBefore() throws Exception {
        for (JsonNode event : fixtures()) {
            assertEquals(storedHash(event), hash(event), event.get("id").asText());
        }
    }

    @Test
    void keyOrderNullsAndTheSpellingOfNumbersMakeNoOtherEvent() throws Exception {
        for (JsonNode event : fixtures()) {
            ObjectNode reordered = MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            event.fieldNames().forEachRemaining(names::add);
            Collections.reverse(names);
            names.forEach(name -> reordered.set(name, event.get(name)));
            // a field the event lacks, sent as null
            reordered.putNull(List.of("effectiveUntil", "summary", "deal").stream().filter(f -> !event.has(f)).findFirst()
                    .orElseThrow());
            if (event.has("rate")) {
                reordered.put("rate", new BigDecimal(event.get("rate").decimalValue().toPlainString() + ".000"));
            }
            assertEquals(hash(event), hash(reordered), event.get("id").asText());
        }
    }

    @Test
    void anyOtherContentIsAnotherEvent() throws Exception {
        for (JsonNode event : fixtures()) {
            ObjectNode other = event.deepCopy();
            other.put("headline", event.path("headline").asText() + ".");
            assertNotEquals(hash(event), hash(other), event.get("id").asText());
        }
    }
}
