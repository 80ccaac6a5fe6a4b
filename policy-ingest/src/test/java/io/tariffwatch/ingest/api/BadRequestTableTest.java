package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad request gets the right status and a problem naming the field, the rule and the value. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class BadRequestTableTest {
    static final String PUBLISHER = "Bearer test-publisher-key";
    static String readerKey;
    static String revokedKey;

    static final String HIKE = """
            {"id":"%s","kind":"HIKE","imposer":"US","targets":["CN"],"measure":{"id":"US-M"},"rate":25,
             "effectiveFrom":"2025-04-10T00:01:00-04:00"%s}""";

    /** A HIKE with {@code extra} fields appended ("" for none). */
    static String hike(String extra) {
        return HIKE.formatted("bad-" + Math.abs(extra.hashCode()), extra.isEmpty() ? "" : "," + extra);
    }

    /** A JSON object literal as given: the body is exactly this. */
    static String raw(String json) {
        return json;
    }

    static Arguments bad(String name, String body, String pointer, String rule) {
        return Arguments.of(name, PUBLISHER, "application/json", body, 422, pointer, rule);
    }

    @BeforeEach
    void keys() {
        if (readerKey != null) {
            return;
        }
        readerKey = given().header("Authorization", "Bearer test-admin-key").contentType("application/json")
                .body("{\"name\":\"table-reader\",\"role\":\"READER\"}").post("/api/v1/admin/api-keys")
                .then().statusCode(201).extract().path("key");
        revokedKey = given().header("Authorization", "Bearer test-admin-key").contentType("application/json")
                .body("{\"name\":\"table-revoked\",\"role\":\"PUBLISHER\"}").post("/api/v1/admin/api-keys")
                .then().statusCode(201).extract().path("key");
        given().header("Authorization", "Bearer test-admin-key").delete("/api/v1/admin/api-keys/table-revoked")
                .then().statusCode(204);
    }

    static Stream<Arguments> table() {
        String deal = """
                {"id":"deal-%s","kind":"DEAL","imposer":"US","targets":["CN"],"effectiveFrom":"2025-05-12T00:00:00Z",
                 "deal":{"id":"geneva"},"changes":[%s]}""";
        String change = "{\"kind\":\"CUT\",\"measure\":{\"id\":\"US-M\"},\"rate\":10,\"effectiveFrom\":\"2025-05-14T00:00:00Z\",\"targets\":[\"CN\"]%s}";
        return Stream.of(
                bad("missing id", raw("{\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/id", "required"),
                bad("id with a space", HIKE.formatted("bad id", ""), "/id", "pattern"),
                bad("id of 129 characters", HIKE.formatted("x".repeat(129), ""), "/id", "pattern"),
                bad("id a number", raw("{\"id\":7,\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":[\"CN\"]}"), "/id", "type"),
                bad("missing kind", raw("{\"id\":\"k1\",\"imposer\":\"US\",\"targets\":[\"CN\"]}"), "/kind", "required"),
                bad("unknown kind", raw("{\"id\":\"k2\",\"kind\":\"RAISE\",\"imposer\":\"US\",\"targets\":[\"CN\"]}"), "/kind", "enum"),
                bad("kind in lower case", raw("{\"id\":\"k3\",\"kind\":\"hike\",\"imposer\":\"US\",\"targets\":[\"CN\"]}"), "/kind", "enum"),
                bad("unknown stage", hike("\"stage\":\"DRAFT\""), "/stage", "enum"),
                bad("missing imposer", raw("{\"id\":\"i1\",\"kind\":\"TALKS\",\"targets\":[\"CN\"]}"), "/imposer", "required"),
                bad("imposer not a country", raw("{\"id\":\"i2\",\"kind\":\"TALKS\",\"imposer\":\"XX\",\"targets\":[\"CN\"]}"), "/imposer", "country-code"),
                bad("imposer of three letters", raw("{\"id\":\"i3\",\"kind\":\"TALKS\",\"imposer\":\"USA\",\"targets\":[\"CN\"]}"), "/imposer", "country-code"),
                bad("missing targets", raw("{\"id\":\"t1\",\"kind\":\"TALKS\",\"imposer\":\"US\"}"), "/targets", "required"),
                bad("empty targets", raw("{\"id\":\"t2\",\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":[]}"), "/targets", "non-empty-array"),
                bad("targets a string", raw("{\"id\":\"t3\",\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":\"CN\"}"), "/targets", "non-empty-array"),
                bad("unknown target", raw("{\"id\":\"t4\",\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":[\"ZZ\"]}"), "/targets/0", "country-code"),
                bad("target a number", raw("{\"id\":\"t5\",\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":[\"CN\",5]}"), "/targets/1", "country-code"),
                bad("imposer targets itself", raw("{\"id\":\"t6\",\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":[\"US\"]}"), "/targets/0", "not-imposer"),
                bad("star not alone", raw("{\"id\":\"t7\",\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":[\"*\",\"CN\"]}"), "/targets", "star-alone"),
                bad("unknown except target", hike("\"exceptTargets\":[\"QQ\"]"), "/exceptTargets/0", "country-code"),
                bad("HIKE without measure", raw("{\"id\":\"m1\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"rate\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/measure", "required"),
                bad("measure without id", raw("{\"id\":\"m2\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"title\":\"t\"},\"rate\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/measure/id", "required"),
                bad("measure a string", raw("{\"id\":\"m3\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":\"M\",\"rate\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/measure", "type"),
                bad("unknown measure role", raw("{\"id\":\"m4\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\",\"role\":\"PRIMARY\"},\"rate\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/measure/role", "enum"),
                bad("unknown measure basis", raw("{\"id\":\"m5\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\",\"basis\":\"MULTIPLY\"},\"rate\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/measure/basis", "enum"),
                bad("yieldsTo a string", raw("{\"id\":\"m6\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\",\"yieldsTo\":\"X\"},\"rate\":1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/measure/yieldsTo", "type"),
                bad("HIKE without rate", raw("{\"id\":\"r1\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "required"),
                bad("rate a string", raw("{\"id\":\"r2\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":\"125\",\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "type"),
                bad("negative rate", raw("{\"id\":\"r3\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":-1,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "range"),
                bad("rate over 1000", raw("{\"id\":\"r4\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1000.01,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "range"),
                bad("rate with an extreme negative exponent", raw("{\"id\":\"r6\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1e-999999999,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "number"),
                bad("rate with an extreme positive exponent", raw("{\"id\":\"r7\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1e999999999,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "number"),
                bad("rate with 7 decimal places", raw("{\"id\":\"r8\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":12.0000001,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "precision"),
                bad("rate of 1e-400", raw("{\"id\":\"r9\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1e-400,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "number"),
                bad("product rate with an extreme exponent", hike("\"productRates\":{\"8517\":5e-99999}"), "/productRates/8517", "number"),
                bad("rate on an EXEMPTION", raw("{\"id\":\"r5\",\"kind\":\"EXEMPTION\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":5,\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/rate", "not-allowed"),
                bad("HS prefix with a letter", hike("\"products\":{\"include\":[\"85x1\"]}"), "/products/include/0", "hs-prefix"),
                bad("HS prefix of 3 digits", hike("\"products\":{\"include\":[\"851\"]}"), "/products/include/0", "hs-prefix"),
                bad("empty include", hike("\"products\":{\"include\":[]}"), "/products/include", "non-empty-array"),
                bad("HS exclude of 7 digits", hike("\"products\":{\"exclude\":[\"1234567\"]}"), "/products/exclude/0", "hs-prefix"),
                bad("product rate a string", hike("\"productRates\":{\"8517\":\"x\"}"), "/productRates/8517", "type"),
                bad("product rate key with a trailing dot", hike("\"productRates\":{\"85.\":10}"), "/productRates/85.", "hs-prefix"),
                bad("product rates on a PAUSE", raw("{\"id\":\"p1\",\"kind\":\"PAUSE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"productRates\":{\"85\":1},\"effectiveFrom\":\"2025-01-01T00:00:00Z\",\"effectiveUntil\":\"2025-02-01T00:00:00Z\"}"), "/productRates", "not-allowed"),
                bad("missing effectiveFrom", raw("{\"id\":\"f1\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1}"), "/effectiveFrom", "required"),
                bad("effectiveFrom a date", raw("{\"id\":\"f2\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1,\"effectiveFrom\":\"2025-04-10\"}"), "/effectiveFrom", "date-time"),
                bad("effectiveFrom without offset", raw("{\"id\":\"f3\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1,\"effectiveFrom\":\"2025-04-10T00:00:00\"}"), "/effectiveFrom", "date-time"),
                bad("effectiveFrom beyond what PostgreSQL holds", raw("{\"id\":\"f4\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1,\"effectiveFrom\":\"+999999999-12-31T23:59:59Z\"}"), "/effectiveFrom", "range"),
                bad("effectiveFrom in the year 1066", raw("{\"id\":\"f5\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1,\"effectiveFrom\":\"1066-10-14T09:00:00Z\"}"), "/effectiveFrom", "range"),
                bad("effectiveFrom with an offset of +18:00", raw("{\"id\":\"f6\",\"kind\":\"HIKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"rate\":1,\"effectiveFrom\":\"2025-04-10T00:00:00+18:00\"}"), "/effectiveFrom", "range"),
                bad("announcedAt in the year 2201", hike("\"announcedAt\":\"2201-01-01T00:00:00Z\""), "/announcedAt", "range"),
                bad("until before from", hike("\"effectiveUntil\":\"2025-01-01T00:00:00Z\""), "/effectiveUntil", "after-effectiveFrom"),
                bad("until equal to from", hike("\"effectiveUntil\":\"2025-04-10T00:01:00-04:00\""), "/effectiveUntil", "after-effectiveFrom"),
                bad("PAUSE without until", raw("{\"id\":\"u1\",\"kind\":\"PAUSE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"effectiveFrom\":\"2025-01-01T00:00:00Z\"}"), "/effectiveUntil", "required"),
                bad("until on a REVOKE", raw("{\"id\":\"u2\",\"kind\":\"REVOKE\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"measure\":{\"id\":\"M\"},\"effectiveFrom\":\"2025-01-01T00:00:00Z\",\"effectiveUntil\":\"2025-02-01T00:00:00Z\"}"), "/effectiveUntil", "not-allowed"),
                bad("deal on a HIKE", hike("\"deal\":{\"id\":\"d\"}"), "/deal", "not-allowed"),
                bad("DEAL without deal", raw("{\"id\":\"d1\",\"kind\":\"DEAL\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"effectiveFrom\":\"2025-05-12T00:00:00Z\"}"), "/deal", "required"),
                bad("DEAL change of another imposer", deal.formatted("2", change.formatted(",\"imposer\":\"CN\",\"targets\":[\"US\"]").replace("\"targets\":[\"CN\"],", "")), "/changes/0/imposer", "same-imposer"),
                bad("DEAL change with an id", deal.formatted("3", change.formatted(",\"id\":\"x\"")), "/changes/0/id", "not-allowed"),
                bad("DEAL change of kind TALKS", deal.formatted("4", "{\"kind\":\"TALKS\",\"targets\":[\"CN\"]}"), "/changes/0/kind", "change-kind"),
                bad("DEAL change without rate", deal.formatted("5", "{\"kind\":\"CUT\",\"measure\":{\"id\":\"M\"},\"targets\":[\"CN\"],\"effectiveFrom\":\"2025-05-14T00:00:00Z\"}"), "/changes/0/rate", "required"),
                bad("talks ending before they start", raw("{\"id\":\"tk\",\"kind\":\"TALKS\",\"imposer\":\"US\",\"targets\":[\"CN\"],\"talks\":{\"startsAt\":\"2025-05-11T00:00:00Z\",\"endsAt\":\"2025-05-10T00:00:00Z\"}}"), "/talks/endsAt", "after-startsAt"),
                bad("headline over 200 characters", hike("\"headline\":\"" + "h".repeat(201) + "\""), "/headline", "max-length"),
                bad("source url not http", hike("\"source\":{\"url\":\"ftp://example.org/x\"}"), "/source/url", "url"),
                bad("a misspelt field", hike("\"effectiveFROM\":\"2025-04-10T00:01:00-04:00\""), "/effectiveFROM", "unknown-field"),
                bad("announcedAt not a date-time", hike("\"announcedAt\":\"yesterday\""), "/announcedAt", "date-time"),
                bad("an array where an event is expected", "[" + hike("") + "]", "", "type"),
                Arguments.of("invalid JSON", PUBLISHER, "application/json", "{\"id\": ", 400, null, null),
                Arguments.of("JSON nested 33 deep", PUBLISHER, "application/json", "[".repeat(33) + "]".repeat(33), 400, null, null),
                Arguments.of("JSON nested 1,000 deep", PUBLISHER, "application/json", "[".repeat(1000) + "]".repeat(1000), 400, null, null),
                Arguments.of("a number of 100 digits", PUBLISHER, "application/json", hike("\"rate\":" + "9".repeat(100)).replace("\"rate\":25,", ""), 400, null, null),
                Arguments.of("empty body", PUBLISHER, "application/json", "", 400, null, null),
                Arguments.of("wrong content type", PUBLISHER, "text/plain", hike(""), 415, null, null),
                Arguments.of("a 2 MiB body", PUBLISHER, "application/json", hike("\"summary\":\"" + "s".repeat(2 * 1024 * 1024) + "\""), 413, null, null),
                Arguments.of("no key", null, "application/json", hike(""), 401, null, null),
                Arguments.of("an unknown key", "Bearer nope", "application/json", hike(""), 401, null, null),
                Arguments.of("a revoked key", "REVOKED", "application/json", hike(""), 401, null, null),
                Arguments.of("a reader key", "READER", "application/json", hike(""), 403, null, null));
    }

    @ParameterizedTest(name = "{0} → {4}")
    @MethodSource("table")
    void isAnsweredWithTheRightStatusAndAProblem(String name, String auth, String contentType, String body, int status,
                                                 String pointer, String rule) {
        RequestSpecification request = given().contentType(contentType).body(body);
        if (auth != null) {
            request.header("Authorization", switch (auth) {
                case "READER" -> "Bearer " + readerKey;
                case "REVOKED" -> "Bearer " + revokedKey;
                default -> auth;
            });
        }
        ValidatableResponse response = request.post("/api/v1/policy-events").then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()));
        if (pointer != null) {
            response.body("errors.pointer", hasItem(pointer))
                    .body("errors.find { it.pointer == '" + pointer + "' }.rule", equalTo(rule))
                    .body("errors.find { it.pointer == '" + pointer + "' }.message", not(emptyOrNullString()));
        }
    }
}
