package io.tariffwatch.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings a valid event into the form published on {@code policy.events}: HS prefixes without dots, the
 * contract's defaults written out, and a DEAL's changes carrying what they inherit from the deal.
 */
public final class PolicyEventNormalizer {
    private PolicyEventNormalizer() {
    }

    public static ObjectNode normalize(ObjectNode event) {
        ObjectNode e = event.deepCopy();
        defaults(e);
        JsonNode changes = e.get("changes");
        if (changes instanceof ArrayNode list) {
            for (JsonNode change : list) {
                ObjectNode c = (ObjectNode) change;
                for (String inherited : List.of("imposer", "stage", "announcedAt", "source")) {
                    if (!c.hasNonNull(inherited) && e.hasNonNull(inherited)) {
                        c.set(inherited, e.get(inherited).deepCopy());
                    }
                }
                defaults(c);
            }
        }
        return e;
    }

    private static void defaults(ObjectNode e) {
        if (!e.hasNonNull("stage")) {
            e.put("stage", "ENACTED");
        }
        ObjectNode products = e.hasNonNull("products") ? (ObjectNode) e.get("products") : e.putObject("products");
        if (!products.hasNonNull("include")) {
            products.putArray("include").add("*");
        }
        stripDots(products.get("include"));
        stripDots(products.get("exclude"));
        if (e.get("productRates") instanceof ObjectNode rates) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            rates.fields().forEachRemaining(entries::add);
            rates.removeAll();
            entries.forEach(en -> rates.set(en.getKey().replace(".", ""), en.getValue()));
        }
        if ("PAUSE".equals(e.path("kind").asText()) && !e.hasNonNull("rate")) {
            e.put("rate", 0);
        }
    }

    private static void stripDots(JsonNode list) {
        if (list instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, array.get(i).asText().replace(".", ""));
            }
        }
    }
}
