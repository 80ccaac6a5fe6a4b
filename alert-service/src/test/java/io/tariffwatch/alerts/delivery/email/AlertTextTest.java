package io.tariffwatch.alerts.delivery.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tariffwatch.events.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertTextTest {
    static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void saysARateChangeInWords() throws Exception {
        JsonNode change = json("""
                {"imposer":"US","partner":"CN","product":"*","previousRate":20,"newRate":145.0,"delta":125,
                 "effectiveFrom":"2025-04-10T04:01:00Z","retroactive":false,
                 "cause":{"eventId":"e","kind":"HIKE","measureId":"US-IEEPA-RECIPROCAL","sourceUrl":"https://example.org/eo"},
                 "components":[{"measureId":"US-IEEPA-RECIPROCAL","authority":"IEEPA reciprocal","rate":125,"state":"ACTIVE"}]}""");
        assertEquals("US tariff on goods from China: 20% → 145% (+125 points) from 10 April 2025, IEEPA reciprocal, "
                + "source: https://example.org/eo", AlertText.rateChange(change));
        assertEquals("US tariff on goods from China: 20% → 145%", AlertText.subject("tariff.rate.changed", change));
    }

    @Test
    void aSubjectIsOneLineWhateverTheHeadlineHolds() throws Exception {
        JsonNode event = json("""
                {"id":"e","kind":"TALKS","imposer":"US","targets":["CN"],
                 "headline":"Talks\\nBcc: victim@example.com\\r\\nX-Evil: 1\\u2028next\\u0000end"}""");
        String subject = AlertText.subject("policy.announced", event);
        assertEquals("Talks Bcc: victim@example.com  X-Evil: 1 next end", subject);
        JsonNode change = json("""
                {"imposer":"US","partner":"CN\\nBcc: x@example.com","product":"*","previousRate":1,"newRate":2}""");
        assertEquals(-1, AlertText.subject("tariff.rate.changed", change).indexOf('\n'));
    }

    @Test
    void namesTheHsCodeAndACut() throws Exception {
        JsonNode change = json("""
                {"imposer":"US","partner":"CN","product":"851713","previousRate":145,"newRate":30,"delta":-115,
                 "effectiveFrom":"2025-05-14T04:01:00Z","retroactive":true,"cause":{"kind":"DEAL","measureId":"M"}}""");
        assertEquals("US tariff on goods from China under HS 8517.13: 145% → 30% (−115 points) from 14 May 2025, M, "
                + "retroactively", AlertText.rateChange(change));
    }

    @Test
    void readsAnUpcomingNoticeAsSuch() throws Exception {
        JsonNode notice = json("""
                {"imposer":"US","partner":"JP","product":"*","currentRate":10,"upcomingRate":24,
                 "at":"2025-07-09T04:01:00Z","cause":{"kind":"PAUSE_EXPIRED"}}""");
        assertEquals("In 7 days the pause on US tariffs on goods from Japan ends: 10% → 24% (9 July 2025)",
                AlertText.notice(notice, Instant.parse("2025-07-02T04:01:00Z")));
        assertEquals("Tomorrow the pause on US tariffs on goods from Japan ends: 10% → 24% (9 July 2025)",
                AlertText.notice(notice, Instant.parse("2025-07-08T04:01:00Z")));
    }

    @Test
    void saysACorrectionAndAWithdrawalAsSuch() throws Exception {
        JsonNode corrected = json("""
                {"imposer":"US","partner":"CN","product":"*","previousRate":30,"newRate":20,"delta":-10,
                 "effectiveFrom":"2025-11-10T05:01:00Z","retroactive":true,"cause":{"kind":"DEAL","headline":"Busan truce"},
                 "corrects":{"rateChangeId":"r1","previousRate":30,"newRate":44}}""");
        assertEquals("Correction: the US tariff on goods from China from 10 November 2025 is 30% → 20%, not 30% → 44% "
                + "as announced earlier (Busan truce)", AlertText.correction(corrected));
        assertEquals("Correction: US tariff on goods from China: 30% → 20%",
                AlertText.subject("tariff.rate.corrected", corrected));
        JsonNode withdrawn = json("""
                {"imposer":"US","partner":"CN","product":"8517","effectiveFrom":"2025-11-10T05:01:00Z","retroactive":true,
                 "corrects":{"rateChangeId":"r1","previousRate":30,"newRate":44}}""");
        assertEquals("Correction: the US tariff on goods from China under HS 8517 does not move on 10 November 2025 "
                + "(announced earlier as 30% → 44%)", AlertText.correction(withdrawn));
        assertEquals("Correction: US tariff on goods from China under HS 8517 does not move on 10 November 2025",
                AlertText.subject("tariff.rate.corrected", withdrawn));
    }
}
