package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.testing.LocalInfraTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class KeysAndReadApiTest {
    static final String ADMIN = "Bearer test-admin-key";

    @Test
    void anAdminCreatesListsAndRevokesKeysAndTheEventRecordsThePublishersKeyName() {
        String key = given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\":\"feed-poller\",\"role\":\"PUBLISHER\"}").post("/api/v1/admin/api-keys")
                .then().statusCode(201).body("key", startsWith("twk_")).extract().path("key");
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\":\"feed-poller\",\"role\":\"PUBLISHER\"}").post("/api/v1/admin/api-keys").then().statusCode(409);
        given().header("Authorization", ADMIN).get("/api/v1/admin/api-keys").then().statusCode(200)
                .body("name", hasItems("bootstrap-admin", "bootstrap-publisher", "feed-poller"))
                .body("find { it.name == 'feed-poller' }.key", equalTo(null));
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(PolicyEventResourceTest.event("by-feed-poller", 5)).post("/api/v1/policy-events").then().statusCode(202);
        given().header("Authorization", ADMIN).get("/api/v1/policy-events/by-feed-poller").then().statusCode(200)
                .body("publisher", equalTo("feed-poller"));
        given().header("Authorization", "Bearer " + key).get("/api/v1/admin/api-keys").then().statusCode(403);
        given().header("Authorization", ADMIN).delete("/api/v1/admin/api-keys/feed-poller").then().statusCode(204);
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(PolicyEventResourceTest.event("after-revoke", 5)).post("/api/v1/policy-events").then().statusCode(401);
    }

    @Test
    void theReadApiFiltersAndPages() {
        String events = """
                [{"id":"read-1","kind":"HIKE","imposer":"CA","targets":["US"],"measure":{"id":"CA-M"},"rate":25,"effectiveFrom":"2025-03-04T00:01:00-05:00"},
                 {"id":"read-2","kind":"TALKS","stage":"ANNOUNCED","imposer":"CA","targets":["US"]},
                 {"id":"read-3","kind":"HIKE","imposer":"CA","targets":["EU"],"measure":{"id":"CA-M"},"rate":10,"effectiveFrom":"2025-06-01T00:00:00Z"},
                 {"id":"read-4","kind":"CUT","imposer":"CA","targets":["*"],"measure":{"id":"CA-M"},"rate":0,"effectiveFrom":"2025-09-01T00:00:00Z"}]""";
        given().header("Authorization", "Bearer test-publisher-key").contentType("application/json").body(events)
                .post("/api/v1/policy-events/batch").then().statusCode(202);
        String key = "Bearer test-publisher-key";
        given().header("Authorization", key).queryParam("imposer", "CA").get("/api/v1/policy-events").then().statusCode(200)
                .body("total", equalTo(4)).body("items.id", hasItems("read-1", "read-2", "read-3", "read-4"));
        given().header("Authorization", key).queryParam("imposer", "CA").queryParam("kind", "HIKE").get("/api/v1/policy-events")
                .then().body("total", equalTo(2));
        given().header("Authorization", key).queryParam("imposer", "CA").queryParam("stage", "ANNOUNCED").get("/api/v1/policy-events")
                .then().body("items.id", equalTo(java.util.List.of("read-2")));
        given().header("Authorization", key).queryParam("imposer", "CA").queryParam("target", "DE").get("/api/v1/policy-events")
                .then().body("items.id", equalTo(java.util.List.of("read-3", "read-4")));
        given().header("Authorization", key).queryParam("imposer", "CA").queryParam("from", "2025-05-01").queryParam("to", "2025-08-01")
                .get("/api/v1/policy-events").then().body("items.id", equalTo(java.util.List.of("read-3")));
        given().header("Authorization", key).queryParam("imposer", "CA").queryParam("size", 3).queryParam("page", 1)
                .get("/api/v1/policy-events").then().body("items.id", equalTo(java.util.List.of("read-4")))
                .body("total", equalTo(4)).body("page", equalTo(1));
        given().header("Authorization", key).queryParam("kind", "BOGUS").queryParam("size", 0).get("/api/v1/policy-events")
                .then().statusCode(400).body("errors.pointer", hasItems("kind", "size"));
        given().get("/api/v1/policy-events").then().statusCode(401);
        given().header("Authorization", key).queryParam("imposer", "CA").get("/api/v1/policy-events")
                .then().body("items.sequence", everyItem(not(equalTo(null))))
                .body("items.id", hasItem("read-1"));
    }
}
