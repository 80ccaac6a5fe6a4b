package io.tariffwatch.ingest.feeds;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.tariffwatch.ingest.feeds.FederalRegisterStub.fixture;
import static io.tariffwatch.ingest.feeds.FederalRegisterStub.server;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.events.CloudEvents;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Topics;
import io.tariffwatch.ingest.feeds.FeedWatcher.PollResult;
import io.tariffwatch.ingest.feeds.FeedWatcher.Watch;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The feed watcher against the Federal Register's documented shapes (WireMock, fixture files under feeds/): each
 * document once across watches, pages and polls, the cursor only past stored pages, 429/500/bad bodies that leave the
 * rest of ingest alone, and drafts completed into events whose source is the document.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
@QuarkusTestResource(FederalRegisterStub.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedWatcherTest {
    static final String PUBLISHER = "Bearer test-publisher-key";

    @Inject
    FeedWatcher watcher;

    @Inject
    FeedStore store;

    @BeforeEach
    void resetStubs() {
        server.resetAll();
    }

    private static MappingBuilder presidential(int page) {
        return get(urlPathEqualTo("/api/v1/documents.json")).withQueryParam("conditions[type][]", WireMock.equalTo("PRESDOCU"))
                .withQueryParam("page", WireMock.equalTo(Integer.toString(page)));
    }

    private static MappingBuilder agencies() {
        return get(urlPathEqualTo("/api/v1/documents.json")).withQueryParam("conditions[type][]", absent());
    }

    private static MappingBuilder publicInspection() {
        return get(urlPathEqualTo("/api/v1/public-inspection-documents/current.json"));
    }

    private static List<ConsumerRecord<String, String>> documentsOnTopic(int atLeast) {
        return KafkaTestClient.readAll(Topics.POLICY_DOCUMENTS, Duration.ofSeconds(20), l -> l.size() >= atLeast);
    }

    /** The records on policy.documents once no more arrive (the relay publishes in batches). */
    private static List<ConsumerRecord<String, String>> settledDocuments() {
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int now = KafkaTestClient.readAll(Topics.POLICY_DOCUMENTS, Duration.ofSeconds(1), l -> false).size();
            return now == last.getAndSet(now);
        });
        return KafkaTestClient.readAll(Topics.POLICY_DOCUMENTS, Duration.ofSeconds(2), l -> false);
    }

    @Test
    @Order(1)
    void eachDocumentGoesOutOnceAcrossWatchesPagesAndPollsAndWaitsAsADraft() throws Exception {
        server.stubFor(presidential(1).willReturn(okJson(fixture("presidential-page-1.json"))));
        server.stubFor(presidential(2).willReturn(okJson(fixture("presidential-page-2.json"))));
        server.stubFor(agencies().willReturn(okJson(fixture("agencies-page-1.json"))));
        server.stubFor(publicInspection().willReturn(okJson(fixture("public-inspection-current.json"))));

        Map<Watch, PollResult> first = watcher.pollAll();
        assertEquals(new PollResult(Watch.PRESIDENTIAL, 2, 3, null), first.get(Watch.PRESIDENTIAL));
        assertEquals(new PollResult(Watch.AGENCIES, 1, 1, null), first.get(Watch.AGENCIES));
        // 2025-08186 was published already (the presidential watch), and the EPA rule is not watched
        assertEquals(new PollResult(Watch.PUBLIC_INSPECTION, 1, 1, null), first.get(Watch.PUBLIC_INSPECTION));

        List<ConsumerRecord<String, String>> records = documentsOnTopic(5);
        assertEquals(Set.of("2025-06063", "2025-06378", "2025-08186", "2025-07005", "2025-09120"),
                records.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
        assertEquals(5, records.size());
        ConsumerRecord<String, String> copper = records.stream().filter(r -> r.key().equals("2025-09120")).findFirst()
                .orElseThrow();
        assertEquals(CloudEvents.TYPE_POLICY_DOCUMENT, KafkaTestClient.header(copper, CloudEvents.TYPE));
        JsonNode doc = Json.mapper().readTree(copper.value());
        assertEquals("PUBLIC_INSPECTION", doc.get("stage").asText());
        assertEquals("2025-05-30", doc.get("publicationDate").asText());
        assertEquals("Proclamation", doc.get("subtype").asText());
        assertEquals(KafkaTestClient.header(copper, CloudEvents.ID), doc.get("id").asText());

        // the cursor: the newest publication day stored; the next poll asks from there and finds nothing new
        assertEquals(LocalDate.of(2025, 5, 16), store.cursor(Watch.PRESIDENTIAL.feed).orElseThrow());
        server.resetRequests();
        Map<Watch, PollResult> second = watcher.pollAll();
        second.values().forEach(r -> assertEquals(0, r.newDocuments(), r.toString()));
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/documents.json"))
                .withQueryParam("conditions[type][]", WireMock.equalTo("PRESDOCU"))
                .withQueryParam("conditions[publication_date][gte]", WireMock.equalTo("2025-05-16"))
                .withQueryParam("order", WireMock.equalTo("oldest")));
        assertEquals(5, settledDocuments().size(), "nothing is sent twice");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double lag = metrics.lines().filter(l -> l.startsWith("tariffwatch_feeds_lag_seconds{")
                        && l.contains("feed=\"federal-register.presidential\"")).mapToDouble(l -> Double.parseDouble(
                        l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
        assertTrue(lag >= 0 && lag < 60, "the lag since the last successful poll: " + lag);
        given().header("Authorization", PUBLISHER).get("/api/v1/drafts").then().statusCode(200)
                .body("size()", equalTo(5)).body("find { it.document.documentNumber == '2025-07005' }.status", equalTo("OPEN"));
    }

    @Test
    @Order(2)
    void aFailingFeedKeepsItsCursorWaitsAsAskedAndLeavesTheRestOfIngestAlone() {
        LocalDate cursor = store.cursor(Watch.PRESIDENTIAL.feed).orElseThrow();
        server.stubFor(presidential(1).willReturn(aResponse().withStatus(500)));
        server.stubFor(agencies().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        server.stubFor(publicInspection().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"results\": [ {\"document_number\": ")));

        Map<Watch, PollResult> results = watcher.pollAll();
        results.values().forEach(r -> assertNotNull(r.failure(), r.toString()));
        assertEquals(cursor, store.cursor(Watch.PRESIDENTIAL.feed).orElseThrow(), "the cursor stays");
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/documents.json"))
                .withQueryParam("conditions[type][]", WireMock.equalTo("PRESDOCU"))); // a 500 is retried twice
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/documents.json"))
                .withQueryParam("conditions[type][]", absent())); // a 429 is not

        // asked to wait two minutes: the next poll leaves the agency watch alone
        PollResult waiting = watcher.pollAll().get(Watch.AGENCIES);
        assertTrue(waiting.failure().startsWith("waiting until"), waiting.toString());
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/documents.json"))
                .withQueryParam("conditions[type][]", absent()));

        // the rest of ingest does not notice
        given().header("Authorization", PUBLISHER).contentType("application/json").body("""
                {"id":"feed-outage-hike","kind":"HIKE","imposer":"US","targets":["CN"],"measure":{"id":"US-M"},"rate":25,
                 "effectiveFrom":"2025-04-10T00:01:00-04:00"}""").post("/api/v1/policy-events").then().statusCode(202);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'feeds' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'feeds' }.data.'federal-register.presidential.lastFailure'",
                        org.hamcrest.Matchers.containsString("500"));
    }

    @Test
    @Order(3)
    void theCursorMovesOnlyPastPagesThatWereStored() {
        server.stubFor(presidential(1).willReturn(okJson(fixture("presidential-later.json"))));
        server.stubFor(presidential(2).willReturn(aResponse().withStatus(503)));
        server.stubFor(agencies().willReturn(okJson(fixture("empty.json"))));
        server.stubFor(publicInspection().willReturn(okJson(fixture("empty.json"))));

        PollResult r = watcher.poll(Watch.PRESIDENTIAL);
        assertEquals(1, r.pagesRead());
        assertEquals(2, r.newDocuments(), "the copper proclamation, filed on public inspection before, is not new");
        assertNotNull(r.failure());
        assertEquals(LocalDate.of(2025, 6, 4), store.cursor(Watch.PRESIDENTIAL.feed).orElseThrow(),
                "page 1 was stored, so the cursor moved past it; page 2 will be read again");
        server.resetRequests();
        server.stubFor(presidential(2).willReturn(okJson(fixture("empty.json"))));
        PollResult again = watcher.poll(Watch.PRESIDENTIAL);
        assertNull(again.failure());
        assertEquals(0, again.newDocuments(), "page 1 again: its documents are known");
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/documents.json"))
                .withQueryParam("conditions[publication_date][gte]", WireMock.equalTo("2025-06-04")));
        assertEquals(1, settledDocuments().stream().filter(d -> d.key().equals("2025-09120")).count(),
                "filed, then published: one record");
    }

    @Test
    @Order(4)
    void aDraftPublishedBecomesAnAcceptedEventWhoseSourceIsTheDocument() {
        List<Map<String, Object>> open = given().header("Authorization", PUBLISHER).get("/api/v1/drafts?limit=200")
                .then().statusCode(200).extract().jsonPath().getList("$");
        String eo14266 = open.stream().filter(d -> "2025-06378".equals(((Map<?, ?>) d.get("document")).get("documentNumber")))
                .map(d -> (String) d.get("id")).findFirst().orElseThrow();
        String steel = open.stream().filter(d -> "2025-10200".equals(((Map<?, ?>) d.get("document")).get("documentNumber")))
                .map(d -> (String) d.get("id")).findFirst().orElseThrow();
        String completion = """
                {"kind":"HIKE","imposer":"US","targets":["CN"],"measure":{"id":"US-IEEPA-RECIPROCAL","authority":"IEEPA (EO 14266)"},
                 "rate":%s,"effectiveFrom":"2025-04-10T00:01:00-04:00"}""";

        given().get("/api/v1/drafts").then().statusCode(401);
        given().header("Authorization", PUBLISHER).contentType("application/json").body(completion.formatted("5000"))
                .post("/api/v1/drafts/" + eo14266 + "/publish").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/rate"));
        given().header("Authorization", PUBLISHER).contentType("application/json")
                .body("{\"kind\":\"HIKE\",\"source\":{\"url\":\"https://example.com\"}}")
                .post("/api/v1/drafts/" + eo14266 + "/publish").then().statusCode(422)
                .body("errors[0].pointer", equalTo("/source"));

        given().header("Authorization", PUBLISHER).contentType("application/json").body(completion.formatted("125"))
                .post("/api/v1/drafts/" + eo14266 + "/publish").then().statusCode(202)
                .body("id", equalTo("fr-2025-06378"))
                .body("source.url", equalTo("https://www.federalregister.gov/documents/2025/04/15/2025-06378/modifying-reciprocal-tariff-rates"))
                .body("source.citation", equalTo("90 FR 15625"))
                .body("headline", equalTo("Modifying Reciprocal Tariff Rates To Reflect Trading Partner Retaliation and Alignment"));
        given().header("Authorization", PUBLISHER).get("/api/v1/policy-events/fr-2025-06378").then().statusCode(200)
                .body("source.publisher", equalTo("Federal Register")).body("rate", equalTo(125));
        given().header("Authorization", PUBLISHER).get("/api/v1/drafts/" + eo14266).then()
                .body("status", equalTo("PUBLISHED")).body("eventId", equalTo("fr-2025-06378"));
        given().header("Authorization", PUBLISHER).contentType("application/json").body(completion.formatted("125"))
                .post("/api/v1/drafts/" + eo14266 + "/publish").then().statusCode(409);

        given().header("Authorization", PUBLISHER).delete("/api/v1/drafts/" + steel).then().statusCode(200)
                .body("status", equalTo("DISMISSED"));
        given().header("Authorization", PUBLISHER).get("/api/v1/drafts?status=DISMISSED").then()
                .body("size()", equalTo(1));
    }
}
