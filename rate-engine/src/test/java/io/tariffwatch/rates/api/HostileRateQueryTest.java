package io.tariffwatch.rates.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests to the public rate API and the admin endpoint: each gets its exact status, a problem
 * naming the parameter where one is at fault, and the engine keeps answering. Paths are sent as written
 * (already encoded). {@code AQ} (Antarctica) imposes nothing in any test.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "rates"))
class HostileRateQueryTest {
    static Stream<Arguments> table() {
        String rate = "/api/v1/rates/AQ/CN";
        return Stream.of(
                Arguments.of("imposer of three letters", "/api/v1/rates/USA/CN", 400, "imposer"),
                Arguments.of("imposer of 3,000 characters", "/api/v1/rates/" + "U".repeat(3000) + "/CN", 400, "imposer"),
                Arguments.of("partner with a NUL", "/api/v1/rates/AQ/C%00N", 400, "partner"),
                Arguments.of("partner in lower case", "/api/v1/rates/AQ/cn", 400, "partner"),
                Arguments.of("partner a right-to-left override", "/api/v1/rates/AQ/%E2%80%AECN", 400, "partner"),
                Arguments.of("HS code with a letter", rate + "?hs=85a1", 400, "hs"),
                Arguments.of("HS code of odd length", rate + "?hs=851", 400, "hs"),
                Arguments.of("HS code of 14 digits", rate + "?hs=85171300001234", 400, "hs"),
                Arguments.of("HS code with SQL", rate + "?hs=85%27%3B%20drop%20table%20applied_event", 400, "hs"),
                Arguments.of("HS code with CR LF", rate + "?hs=85%0D%0ASet-Cookie:%20x=1", 400, "hs"),
                Arguments.of("month 13", rate + "?at=2025-13-01", 400, "at"),
                Arguments.of("year 1899", rate + "?at=1899-12-31", 400, "at"),
                Arguments.of("year 2201", rate + "?at=2201-01-01T00:00:00Z", 400, "at"),
                Arguments.of("year of eleven digits", rate + "?at=99999999999-01-01", 400, "at"),
                Arguments.of("offset +15:00", rate + "?at=2025-01-01T00:00:00%2B15:00", 400, "at"),
                Arguments.of("offset -13:00", rate + "?at=2025-01-01T00:00:00-13:00", 400, "at"),
                Arguments.of("instant without offset", rate + "?at=2025-01-01T00:00:00", 400, "at"),
                Arguments.of("knownAt a word", rate + "?knownAt=yesterday", 400, "knownAt"),
                Arguments.of("knownAt an epoch number", rate + "?knownAt=1735689600", 400, "knownAt"),
                Arguments.of("include unknown", rate + "?include=everything", 400, "include"),
                Arguments.of("history ending before it starts", rate + "/history?from=2025-06-01&to=2025-01-01", 400, "to"),
                Arguments.of("history from year 1000", rate + "/history?from=1000-01-01", 400, "from"),
                Arguments.of("schedule with a bad HS code", rate + "/schedule?hs=x", 400, "hs"),
                Arguments.of("changes of a bad partner", "/api/v1/rates/AQ/changes?partner=cn", 400, "partner"),
                Arguments.of("changes with a limit of 0", "/api/v1/rates/AQ/changes?limit=0", 400, "limit"),
                Arguments.of("changes with a limit too big", "/api/v1/rates/AQ/changes?limit=5001", 400, "limit"),
                Arguments.of("changes with a word for a limit", "/api/v1/rates/AQ/changes?limit=all", 400, "limit"),
                Arguments.of("changes ending before they start", "/api/v1/rates/AQ/changes?from=2025-06-01&to=2025-01-01",
                        400, "to"),
                Arguments.of("changes of an unknown imposer", "/api/v1/rates/AQ/changes", 404, null),
                Arguments.of("measures without imposer", "/api/v1/measures", 400, "imposer"),
                Arguments.of("measures of a bad partner", "/api/v1/measures?imposer=AQ&partner=ZZ", 400, "partner"),
                Arguments.of("every parameter fine, nothing known", rate + "?hs=8517.13&at=2025-04-10", 404, null),
                Arguments.of("history over the whole range allowed, nothing known",
                        rate + "/history?from=1900-01-01&to=2200-01-01", 404, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void aHostileQueryGetsItsStatusAndAProblemNamingTheParameter(String name, String path, int status, String parameter) {
        ValidatableResponse r = given().urlEncodingEnabled(false).get(path).then().statusCode(status)
                .contentType("application/problem+json").body("status", equalTo(status));
        if (parameter != null) {
            r.body("errors[0].pointer", equalTo(parameter));
        }
    }

    @ParameterizedTest(name = "rebuild {0}")
    @MethodSource("adminTable")
    void theAdminEndpointRefusesWithoutItsKey(String name, String authorization, String body, int status) {
        var request = given().contentType("application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.body(body).post("/api/v1/admin/rebuild").then().statusCode(status);
    }

    static Stream<Arguments> adminTable() {
        return Stream.of(
                Arguments.of("without a key", null, "{}", 401),
                Arguments.of("with a wrong key", "Bearer not-the-admin-key", "{}", 401),
                Arguments.of("with a basic header", "Basic dGVzdDp0ZXN0", "{}", 401),
                Arguments.of("with a body over 16 KiB", "Bearer not-the-admin-key", "{\"x\":\"" + "y".repeat(20_000) + "\"}", 413));
    }

    @AfterEach
    void theEngineStillAnswers() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/api/v1/rates/AQ/CN").then().statusCode(404);
    }
}
