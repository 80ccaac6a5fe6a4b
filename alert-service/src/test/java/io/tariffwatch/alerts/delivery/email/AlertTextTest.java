package io.tariffwatch.alerts.delivery.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.UpcomingNotice;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertTextTest {
    static <T> T read(String json, Class<T> type) throws Exception {
        return Json.mapper().readValue(json, type);
    }

    /** The content an alert of {@code type} with this data has, bound as the e-mail sender binds it. */
    static AlertContent content(AlertType type, String json) throws Exception {
        return AlertContent.of(type, Json.mapper().readTree(json), Json.mapper());
    }

    @Test
    void saysARateChangeInWords() throws Exception {
        String change = ("""
                {"imposer":"US","partner":"CN","product":"*","previousRate":20,"newRate":145.0,"delta":125,
                 "effectiveFrom":"2025-04-10T04:01:00Z","retroactive":false,
                 "cause":{"eventId":"e","kind":"HIKE","measureId":"US-IEEPA-RECIPROCAL","sourceUrl":"https://example.org/eo"},
                 "components":[{"measureId":"US-IEEPA-RECIPROCAL","authority":"IEEPA reciprocal","rate":125,"state":"ACTIVE"}]}""");
        assertEquals("US tariff on goods from China: 20% → 145% (+125 points) from 10 April 2025, IEEPA reciprocal, "
                + "source: https://example.org/eo", AlertText.rateChange(read(change, RateChange.class)));
        assertEquals("US tariff on goods from China: 20% → 145%", AlertText.subject(content(AlertType.RATE_CHANGED, change)));
        assertEquals(java.util.List.of("US-IEEPA-RECIPROCAL (IEEPA reciprocal): 125% ACTIVE"),
                content(AlertType.RATE_CHANGED, change).components());
    }

    @Test
    void aSubjectIsOneLineWhateverTheHeadlineHolds() throws Exception {
        String event = ("""
                {"id":"e","kind":"TALKS","imposer":"US","targets":["CN"],
                 "headline":"Talks\\nBcc: victim@example.com\\r\\nX-Evil: 1\\u2028next\\u0000end"}""");
        String subject = AlertText.subject(content(AlertType.POLICY_ANNOUNCED, event));
        assertEquals("Talks Bcc: victim@example.com  X-Evil: 1 next end", subject);
        String change = """
                {"imposer":"US","partner":"CN\\nBcc: x@example.com","product":"*","previousRate":1,"newRate":2}""";
        assertEquals(-1, AlertText.subject(content(AlertType.RATE_CHANGED, change)).indexOf('\n'));
    }

    @Test
    void namesTheHsCodeAndACut() throws Exception {
        String change = ("""
                {"imposer":"US","partner":"CN","product":"851713","previousRate":145,"newRate":30,"delta":-115,
                 "effectiveFrom":"2025-05-14T04:01:00Z","retroactive":true,"cause":{"kind":"DEAL","measureId":"M"}}""");
        assertEquals("US tariff on goods from China under HS 8517.13: 145% → 30% (−115 points) from 14 May 2025, M, "
                + "retroactively", AlertText.rateChange(read(change, RateChange.class)));
    }

    @Test
    void readsAnUpcomingNoticeAsSuch() throws Exception {
        UpcomingNotice notice = read("""
                {"imposer":"US","partner":"JP","product":"*","currentRate":10,"upcomingRate":24,
                 "at":"2025-07-09T04:01:00Z","cause":{"kind":"PAUSE_EXPIRED"}}""", UpcomingNotice.class);
        assertEquals("In 7 days the pause on US tariffs on goods from Japan ends: 10% → 24% (9 July 2025)",
                AlertText.notice(notice, Instant.parse("2025-07-02T04:01:00Z")));
        assertEquals("Tomorrow the pause on US tariffs on goods from Japan ends: 10% → 24% (9 July 2025)",
                AlertText.notice(notice, Instant.parse("2025-07-08T04:01:00Z")));
    }

    @Test
    void saysACorrectionAndAWithdrawalAsSuch() throws Exception {
        String corrected = ("""
                {"imposer":"US","partner":"CN","product":"*","previousRate":30,"newRate":20,"delta":-10,
                 "effectiveFrom":"2025-11-10T05:01:00Z","retroactive":true,"cause":{"kind":"DEAL","headline":"Busan truce"},
                 "corrects":{"rateChangeId":"r1","previousRate":30,"newRate":44}}""");
        assertEquals("Correction: the US tariff on goods from China from 10 November 2025 is 30% → 20%, not 30% → 44% "
                + "as announced earlier (Busan truce)", AlertText.correction(read(corrected, RateChange.class)));
        assertEquals("Correction: US tariff on goods from China: 30% → 20%",
                AlertText.subject(content(AlertType.RATE_CORRECTED, corrected)));
        String withdrawn = ("""
                {"imposer":"US","partner":"CN","product":"8517","effectiveFrom":"2025-11-10T05:01:00Z","retroactive":true,
                 "corrects":{"rateChangeId":"r1","previousRate":30,"newRate":44}}""");
        assertEquals("Correction: the US tariff on goods from China under HS 8517 does not move on 10 November 2025 "
                + "(announced earlier as 30% → 44%)", AlertText.correction(read(withdrawn, RateChange.class)));
        assertEquals("Correction: US tariff on goods from China under HS 8517 does not move on 10 November 2025",
                AlertText.subject(content(AlertType.RATE_CORRECTED, withdrawn)));
    }

    @Test
    void anEventWithoutHeadlineIsSaidFromItsKindStageAndParties() throws Exception {
        PolicyEvent talks = read("""
                {"id":"t","kind":"TALKS","stage":"ANNOUNCED","imposer":"US","targets":["CN","EU"]}""", PolicyEvent.class);
        assertEquals("US: talks (announced) concerning China, the European Union", AlertText.policy(talks));
    }
}
