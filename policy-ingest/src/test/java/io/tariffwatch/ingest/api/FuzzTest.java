package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Thousands of randomly mutated valid events: none may get a 5xx, and every one answered 2xx must be on
 * policy.events. The seed is fixed so that a failure can be replayed.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class FuzzTest {
    private static final int REQUESTS = 3000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] FIELDS = {"id", "kind", "stage", "imposer", "targets", "exceptTargets", "measure",
            "products", "rate", "productRates", "effectiveFrom", "effectiveUntil", "deal", "changes", "talks",
            "announcedAt", "headline", "summary", "source", "sequence", "bogus"};

    /** A valid event of one of several kinds, each with the fields its kind allows. */
    static ObjectNode valid(int i) throws Exception {
        String common = "\"id\":\"fuzz-%d\",\"imposer\":\"US\",\"headline\":\"h\",\"source\":{\"url\":\"https://example.org/x\"}"
                .formatted(i);
        String measure = "\"measure\":{\"id\":\"US-FUZZ\",\"authority\":\"A\",\"yieldsTo\":[\"US-232\"]}";
        String body = switch (i % 6) {
            case 0 -> "\"kind\":\"HIKE\",\"targets\":[\"CN\",\"EU\"],\"exceptTargets\":[\"DE\"]," + measure
                    + ",\"rate\":12.5,\"productRates\":{\"8517.13\":20},\"products\":{\"include\":[\"85\"],\"exclude\":[\"8517.12\"]},"
                    + "\"effectiveFrom\":\"2025-04-10T00:01:00-04:00\",\"effectiveUntil\":\"2025-07-09T00:01:00-04:00\"";
            case 1 -> "\"kind\":\"PAUSE\",\"targets\":[\"*\"],\"exceptTargets\":[\"CN\"]," + measure
                    + ",\"rate\":10,\"effectiveFrom\":\"2025-04-10T00:01:00-04:00\",\"effectiveUntil\":\"2025-07-09T00:01:00-04:00\"";
            case 2 -> "\"kind\":\"EXEMPTION\",\"stage\":\"ANNOUNCED\",\"targets\":[\"*\"]," + measure
                    + ",\"products\":{\"include\":[\"8517.13\"]},\"effectiveFrom\":\"2025-04-05T00:01:00-04:00\"";
            case 3 -> "\"kind\":\"TALKS\",\"targets\":[\"CN\"],\"talks\":{\"startsAt\":\"2025-05-10T09:00:00+02:00\","
                    + "\"endsAt\":\"2025-05-11T09:00:00+02:00\",\"location\":\"Geneva\",\"parties\":[\"US\",\"CN\"]}";
            case 4 -> "\"kind\":\"DEAL\",\"targets\":[\"CN\"],\"effectiveFrom\":\"2025-05-12T00:00:00Z\","
                    + "\"deal\":{\"id\":\"geneva\",\"parties\":[\"US\",\"CN\"]},\"changes\":[{\"kind\":\"CUT\"," + measure
                    + ",\"rate\":10,\"targets\":[\"CN\"],\"effectiveFrom\":\"2025-05-14T00:00:00Z\"}]";
            default -> "\"kind\":\"REVOKE\",\"stage\":\"THREATENED\",\"targets\":[\"MX\"]," + measure
                    + ",\"effectiveFrom\":\"2025-03-01T00:00:00Z\"";
        };
        return (ObjectNode) Json.mapper().readTree("{" + common + "," + body + "}");
    }

    static JsonNode randomValue(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextInt());
            case 3 -> F.numberNode(new java.math.BigDecimal("1e" + (r.nextInt(800) - 400)));
            case 4 -> F.numberNode(-r.nextDouble() * 2000);
            case 5 -> F.textNode(randomString(r));
            case 6 -> F.textNode("2025-02-30T25:61:00Z");
            case 7 -> F.arrayNode().add(randomString(r)).add(r.nextInt());
            case 8 -> F.objectNode().put(randomString(r), randomString(r));
            case 9 -> F.textNode("*");
            case 10 -> F.arrayNode().add("*").add("US");
            default -> F.textNode("x".repeat(r.nextInt(5000)));
        };
    }

    static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(r.nextInt(10) == 0 ? 0x1F300 + r.nextInt(200) : 0x20 + r.nextInt(0x250));
        }
        return b.toString();
    }

    /** A quarter of the events go unmutated, so that many are accepted and their publication checked. */
    static String mutate(ObjectNode event, Random r) {
        int operations = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(3);
        for (int k = 0; k < operations; k++) {
            String field = FIELDS[r.nextInt(FIELDS.length)];
            switch (r.nextInt(6)) {
                case 0 -> event.remove(field);
                case 1, 2 -> event.set(field, randomValue(r));
                case 3 -> {
                    JsonNode nested = event.get("changes");
                    if (nested instanceof ArrayNode changes && !changes.isEmpty()) {
                        ((ObjectNode) changes.get(0)).set(FIELDS[r.nextInt(FIELDS.length)], randomValue(r));
                    }
                }
                case 4 -> {
                    JsonNode measure = event.get("measure");
                    if (measure instanceof ObjectNode m) {
                        m.set(new String[] {"id", "role", "basis", "yieldsTo"}[r.nextInt(4)], randomValue(r));
                    }
                }
                default -> event.set("productRates", F.objectNode().set(randomString(r), randomValue(r)));
            }
        }
        String json = event.toString();
        return r.nextInt(15) == 0 ? json.substring(0, r.nextInt(json.length())) : json;
    }

    @Test
    void noMutationGetsA5xxAndEveryAcceptedEventIsPublished() throws Exception {
        Random random = new Random(20250407L);
        Set<String> accepted = new HashSet<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            ObjectNode event = valid(i);
            String body = mutate(event, random);
            Response response = given().header("Authorization", "Bearer test-publisher-key")
                    .contentType("application/json").body(body).post("/api/v1/policy-events");
            int status = response.statusCode();
            if (status >= 500) {
                failures.add(status + " for " + body);
            } else if (status == 200 || status == 202) {
                accepted.add(response.jsonPath().getString("id"));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " server errors, the first: " + failures.stream().findFirst().orElse(""));
        assertTrue(accepted.size() > 50, "too few mutations were valid to check publication: " + accepted.size());

        Set<String> published = new HashSet<>();
        KafkaTestClient.readAll(Topics.POLICY_EVENTS, Duration.ofSeconds(60), records -> {
            records.forEach(r -> published.add(idOf(r.value())));
            return published.containsAll(accepted);
        });
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(published);
        assertTrue(missing.isEmpty(), missing.size() + " accepted events are not on policy.events: " + missing);
        System.out.printf("fuzz: %d requests, %d accepted and published, no 5xx%n", REQUESTS, accepted.size());
    }

    private static String idOf(String json) {
        try {
            return Json.mapper().readTree(json).path("id").asText();
        } catch (Exception e) {
            return "";
        }
    }
}
