package io.tariffwatch.alerts.subscriptions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile subscription requests get a 4xx problem naming the field, and the service stays up. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class HostileSubscriptionRequestTest {

    static String webhook(String filters) {
        return "{\"channel\":\"webhook\",\"target\":\"http://127.0.0.1:9/x\",\"filters\":" + filters + "}";
    }

    static Stream<Arguments> table() {
        String manyPartners = String.join(",", Collections.nCopies(301, "\"CN\""));
        return Stream.of(
                Arguments.of("301 partners", webhook("{\"partners\":[" + manyPartners + "]}"), 422, "/filters/partners", "max-items"),
                Arguments.of("minDelta with an extreme negative exponent", webhook("{\"minDelta\":1e-999999999}"), 422, "/filters/minDelta", "non-negative-number"),
                Arguments.of("minDelta with an extreme positive exponent", webhook("{\"minDelta\":1e999999999}"), 422, "/filters/minDelta", "non-negative-number"),
                Arguments.of("minDelta over 1000", webhook("{\"minDelta\":1000.5}"), 422, "/filters/minDelta", "non-negative-number"),
                Arguments.of("filters a string", webhook("\"CN\""), 422, "/filters", "type"),
                Arguments.of("partners an object", webhook("{\"partners\":{\"a\":1}}"), 422, "/filters/partners", "type"),
                Arguments.of("an unknown filter", webhook("{\"partner\":[\"CN\"]}"), 422, "/filters/partner", "unknown-field"),
                Arguments.of("a number of 100 digits", webhook("{\"minDelta\":" + "9".repeat(100) + "}"), 400, null, null),
                Arguments.of("JSON nested 40 deep", webhook("{\"partners\":" + "[".repeat(40) + "]".repeat(40) + "}"), 400, null, null),
                Arguments.of("JSON nested 1,000 deep", "[".repeat(1000) + "]".repeat(1000), 400, null, null),
                Arguments.of("a body over 64 KiB", webhook("{\"partners\":[\"CN\"]}").replace("\"filters\"",
                        "\"pad\":\"" + "p".repeat(70_000) + "\",\"filters\""), 413, null, null),
                Arguments.of("not JSON", "{\"channel\":", 400, null, null));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("table")
    void isAnsweredWithAProblem(String name, String body, int status, String pointer, String rule) {
        ValidatableResponse response = given().contentType("application/json").body(body).post("/api/v1/subscriptions")
                .then().statusCode(status);
        if (status == 413) {
            return; // refused by the HTTP layer before the body is read
        }
        response.contentType("application/problem+json").body("status", equalTo(status));
        if (pointer != null) {
            response.body("errors.pointer", hasItem(pointer))
                    .body("errors.find { it.pointer == '" + pointer + "' }.rule", equalTo(rule));
        }
    }

    @AfterEach
    void theServiceStillAnswers() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
