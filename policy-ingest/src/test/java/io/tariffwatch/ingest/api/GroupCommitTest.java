package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void concurrentPublishesGetGapFreeSequencesAndAConflictFailsOnlyItsOwnRequest() throws Exception {
        double requestsBefore = metric("tariffwatch_ingest_group_requests_sum");
        double groupsBefore = metric("tariffwatch_ingest_group_requests_count");
        double timedBefore = metric("tariffwatch_ingest_group_commit_seconds_count");
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
            // the conflict was in a group too; the first request's group is counted as well
            assertEquals(201, metric("tariffwatch_ingest_group_requests_sum") - requestsBefore, "every request was in a group");
            double groups = metric("tariffwatch_ingest_group_requests_count") - groupsBefore;
            assertTrue(groups >= 2 && groups <= 201, "groups: " + groups);
            assertEquals(groups, metric("tariffwatch_ingest_group_commit_seconds_count") - timedBefore,
                    "each group's transaction is timed");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void eventsRecordedTogetherReadBackExactlyAsAnswered() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // every fourth names the id of the one before it with the same content: a repeat, in the same group or not
                String id = "read-back-" + (i % 4 == 3 ? i - 1 : i);
                String body = PolicyEventResourceTest.event(id, 10 + (i % 4 == 3 ? i - 1 : i));
                answers.add(clients.submit(() -> given().header("Authorization", PolicyEventResourceTest.KEY)
                        .contentType(ContentType.JSON).body(body).post("/api/v1/policy-events")));
            }
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                assertTrue(r.statusCode() == 202 || r.statusCode() == 200, r.asString());
                JsonNode answered = JSON.readTree(r.asString());
                JsonNode read = JSON.readTree(given().header("Authorization", PolicyEventResourceTest.KEY)
                        .get("/api/v1/policy-events/" + answered.get("id").asText()).then().statusCode(200).extract().asString());
                ObjectNode expected = answered.deepCopy();
                expected.put("publisher", "bootstrap-publisher");
                assertEquals(expected, read, "as recorded: its sequence, recordedAt and publisher");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** The sum of a Prometheus series on /q/metrics (all its tags). */
    static double metric(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
