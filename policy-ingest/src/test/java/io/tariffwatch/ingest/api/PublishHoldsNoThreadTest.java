package io.tariffwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static io.tariffwatch.ingest.api.GroupCommitTest.metric;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tariffwatch.testing.LocalInfraTestResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A publish waiting for the database holds no thread: with the sequence row locked by another session, more
 * publishes than the worker pool has threads (200) wait for their group commit, and a read is still answered at
 * once; when the lock goes, every one of them is recorded, each with its own sequence.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class PublishHoldsNoThreadTest {
    private static final int PUBLISHES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/policy-events")
    URI events;

    @Test
    void publishesWaitingForALockedSequenceLeaveReadsAnswered() throws Exception {
        given().header("Authorization", PolicyEventResourceTest.KEY).contentType(ContentType.JSON)
                .body(PolicyEventResourceTest.event("held-known", 10)).post("/api/v1/policy-events").then().statusCode(202);
        double grouped = metric("tariffwatch_ingest_group_requests_sum");
        // a connection per request, as many publishers would open (HTTP/2 would queue streams beyond the server's limit)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (Connection otherSession = OutboxRelayLockedOutTest.otherSession()) {
            otherSession.setAutoCommit(false);
            try (Statement lock = otherSession.createStatement()) {
                lock.execute("select last_value from event_sequence where id = 1 for update");
            }
            for (int i = 0; i < PUBLISHES; i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(60))
                        .header("Authorization", PolicyEventResourceTest.KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(PolicyEventResourceTest.event("held-" + i, 10 + i % 50)))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            // every publish has reached the group commit: in the group stuck on the lock, or queued behind it
            await().atMost(Duration.ofSeconds(30)).until(() -> metric("tariffwatch_ingest_group_requests_sum") - grouped
                    + metric("tariffwatch_ingest_group_waiting") == PUBLISHES);
            HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create(events + "/held-known"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", PolicyEventResourceTest.KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), read.body());
            assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "no publish was answered while the lock held");
            otherSession.rollback();
        }

        TreeSet<Long> sequences = new TreeSet<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
            assertEquals(202, r.statusCode(), r.body());
            JsonNode recorded = JSON.readTree(r.body());
            sequences.add(recorded.get("sequence").asLong());
        }
        assertEquals(PUBLISHES, sequences.size(), "every publish has its own sequence");
        assertEquals(PUBLISHES - 1, sequences.last() - sequences.first(), "and they are contiguous");
    }
}
