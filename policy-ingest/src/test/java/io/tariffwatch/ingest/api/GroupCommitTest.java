package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Requests that arrive together are recorded together, each answered as if alone. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class GroupCommitTest {
    @Test
    void concurrentPublishesGetGapFreeSequencesAndAConflictFailsOnlyItsOwnRequest() throws Exception {
        given().header("Authorization", PolicyEventResourceTest.KEY).contentType(ContentType.JSON)
                .body(PolicyEventResourceTest.event("group-taken", 10)).post("/api/v1/policy-events").then().statusCode(202);
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String body = i == 100 ? PolicyEventResourceTest.event("group-taken", 99)
                        : PolicyEventResourceTest.event("group-" + i, 10 + i % 50);
                answers.add(clients.submit(() -> given().header("Authorization", PolicyEventResourceTest.KEY)
                        .contentType(ContentType.JSON).body(body).post("/api/v1/policy-events")));
            }
            List<Long> sequences = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < answers.size(); i++) {
                Response r = answers.get(i).get();
                if (i == 100) {
                    assertEquals(409, r.statusCode(), r.asString());
                } else {
                    assertEquals(202, r.statusCode(), r.asString());
                    sequences.add(r.jsonPath().getLong("sequence"));
                }
            }
            TreeSet<Long> distinct = new TreeSet<>(sequences);
            assertEquals(199, distinct.size(), "every accepted event has its own sequence");
            assertEquals(198, distinct.last() - distinct.first(), "and they are contiguous");
        } finally {
            clients.shutdownNow();
        }
    }
}
