package io.tariffwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The normal form policy-ingest publishes, and what recording adds. */
class PolicyEventTest {
    private static final ObjectMapper JSON = Json.mapper();

    private static PolicyEvent event(String json) throws IOException {
        return JSON.readValue(json, PolicyEvent.class);
    }

    @Test
    void theContractsDefaultsAreWrittenOut() throws Exception {
        PolicyEvent e = event("""
                {"id":"e1","kind":"HIKE","imposer":"US","targets":["CN"],"measure":{"id":"M"},"rate":10,
                 "effectiveFrom":"2025-02-04T05:01:00Z"}""").normalized();
        assertEquals(Stage.ENACTED, e.stage());
        assertEquals(List.of("*"), e.products().include());
        assertNull(e.products().exclude());
        assertEquals(0, new BigDecimal("10").compareTo(e.rate()));
    }

    @Test
    void hsPrefixesLoseTheirDotsInProductsAndProductRates() throws Exception {
        PolicyEvent e = event("""
                {"id":"e2","kind":"HIKE","imposer":"US","targets":["CA"],"measure":{"id":"M"},"rate":25,
                 "effectiveFrom":"2025-03-04T05:01:00Z","products":{"include":["8703.23","72"],"exclude":["7208.10.15"]},
                 "productRates":{"8703.23":"25","2709":10}}""").normalized();
        assertEquals(List.of("870323", "72"), e.products().include());
        assertEquals(List.of("72081015"), e.products().exclude());
        assertEquals(List.of("870323", "2709"), List.copyOf(e.productRates().keySet()), "in the order sent");
    }

    @Test
    void aPauseWithoutARatePausesToZero() throws Exception {
        PolicyEvent e = event("""
                {"id":"e3","kind":"PAUSE","imposer":"US","targets":["CN"],"measure":{"id":"M"},
                 "effectiveFrom":"2025-05-14T04:01:00Z","effectiveUntil":"2025-08-12T04:01:00Z"}""").normalized();
        assertEquals(BigDecimal.ZERO, e.rate());
        assertEquals(Stage.ENACTED, e.stage());
    }

    @Test
    void aStageOrRateSentIsKept() throws Exception {
        PolicyEvent e = event("""
                {"id":"e4","kind":"PAUSE","stage":"THREATENED","imposer":"US","targets":["EU"],"measure":{"id":"M"},
                 "rate":10,"effectiveFrom":"2025-07-09T04:01:00Z"}""").normalized();
        assertEquals(Stage.THREATENED, e.stage());
        assertEquals(0, BigDecimal.TEN.compareTo(e.rate()));
    }

    @Test
    void aDealsChangesInheritWhatTheyDoNotSayAndKeepWhatTheyDo() throws Exception {
        PolicyEvent deal;
        try (InputStream in = getClass().getResourceAsStream("/events/deal-with-changes.json")) {
            deal = JSON.readValue(in, PolicyEvent.class).normalized();
        }
        PolicyEvent cut = deal.changes().get(0);
        assertEquals("US", cut.imposer());
        assertEquals(Stage.ENACTED, cut.stage(), "the deal's stage, itself defaulted");
        assertEquals(deal.announcedAt(), cut.announcedAt());
        assertEquals(deal.source(), cut.source());
        assertEquals(List.of("*"), cut.products().include(), "a change gets the defaults too");
        assertEquals(List.of("870323"), cut.products().exclude());

        PolicyEvent own = deal.changes().get(1);
        assertEquals("JP", own.imposer());
        assertEquals(Stage.ANNOUNCED, own.stage());
        assertEquals("MOFA", own.source().publisher());
        assertEquals(deal.announcedAt(), own.announcedAt());
        assertEquals(OffsetDateTime.parse("2025-07-22T20:00:00-04:00"), deal.announcedAt(), "the offset as sent");
    }

    @Test
    void normalisingTwiceChangesNothing() throws Exception {
        PolicyEvent once;
        try (InputStream in = getClass().getResourceAsStream("/events/deal-with-changes.json")) {
            once = JSON.readValue(in, PolicyEvent.class).normalized();
        }
        assertEquals(once, once.normalized());
    }

    @Test
    void recordingAddsTheSequenceAndTheTimeAndAnAnnouncementTimeOnlyWhenNoneWasSent() throws Exception {
        OffsetDateTime at = OffsetDateTime.parse("2026-01-01T00:00:00.123456Z");
        PolicyEvent unannounced = event("""
                {"id":"e5","kind":"TALKS","imposer":"US","targets":["CN"],"talks":{"startsAt":"2025-05-10T08:00:00Z"}}""")
                .normalized().recorded(7, at);
        assertEquals(7L, unannounced.sequence());
        assertEquals(at, unannounced.recordedAt());
        assertEquals(at, unannounced.announcedAt());
        PolicyEvent announced = event("""
                {"id":"e6","kind":"TALKS","imposer":"US","targets":["CN"],"announcedAt":"2025-05-06T12:00:00Z",
                 "talks":{"startsAt":"2025-05-10T08:00:00Z"}}""").normalized().recorded(8, at);
        assertEquals(OffsetDateTime.parse("2025-05-06T12:00:00Z"), announced.announcedAt());
        assertEquals("2026-01-01T00:00:00.123456Z", JSON.valueToTree(announced).get("recordedAt").asText(),
                "on the wire as an ISO 8601 instant with its offset");
    }
}
