package io.tariffwatch.alerts.subscriptions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who manages a subscription: its own management token or the admin key; any other token finds nothing. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "alerts"))
class ManagementTokenTest {
    private static final String ADMIN = "test-admin-key";

    @Test
    void aTokenManagesItsOwnSubscriptionOnlyAndTheAdminKeyManagesAll() {
        JsonPath mine = subscribe("mine@example.com");
        JsonPath theirs = subscribe("theirs@example.com");
        String path = "/api/v1/subscriptions/" + mine.getString("id");

        assertEquals("mine@example.com", as(mine.getString("token")).get(path).then().statusCode(200)
                .extract().jsonPath().getString("target"));
        assertEquals("mine@example.com", as(ADMIN).get(path).then().statusCode(200)
                .extract().jsonPath().getString("target"));

        // another subscription's token, a token nobody holds: the same answer as for a subscription that does not
        // exist, so that neither ids nor tokens can be probed
        for (String token : List.of(theirs.getString("token"), "nobodys-token")) {
            JsonPath other = problem(as(token).get(path), 404);
            assertTrue(other.getString("detail").contains(mine.getString("id")), other.prettify());
            problem(as(token).delete(path), 404);
            problem(as(token).post(path + "/test"), 404);
        }

        // no token, another scheme: 401 with a Bearer challenge
        for (Response r : List.of(given().get(path), given().header("Authorization", "Basic dGVzdDp0ZXN0").get(path))) {
            problem(r, 401);
            assertEquals("Bearer", r.header("WWW-Authenticate"));
        }

        // listing every subscription is the admin's: a management token may not
        problem(as(mine.getString("token")).get("/api/v1/subscriptions"), 403);
        problem(as("nobodys-token").get("/api/v1/subscriptions"), 403);
        List<String> ids = as(ADMIN).get("/api/v1/subscriptions").then().statusCode(200).extract().jsonPath().getList("id");
        assertTrue(ids.containsAll(List.of(mine.getString("id"), theirs.getString("id"))), ids.toString());

        // a deleted subscription's token manages nothing any more
        as(mine.getString("token")).delete(path).then().statusCode(204);
        problem(as(mine.getString("token")).get(path), 404);
        as(theirs.getString("token")).delete("/api/v1/subscriptions/" + theirs.getString("id")).then().statusCode(204);
    }

    private static JsonPath subscribe(String address) {
        return given().contentType(ContentType.JSON)
                .body("{\"channel\":\"email\",\"target\":\"" + address + "\",\"filters\":{\"partners\":[\"TV\"]}}")
                .post("/api/v1/subscriptions").then().statusCode(201).extract().jsonPath();
    }

    private static RequestSpecification as(String secret) {
        return given().header("Authorization", "Bearer " + secret);
    }

    private static JsonPath problem(Response r, int status) {
        r.then().statusCode(status).contentType("application/problem+json");
        JsonPath body = r.jsonPath();
        assertEquals(status, body.getInt("status"));
        return body;
    }
}
