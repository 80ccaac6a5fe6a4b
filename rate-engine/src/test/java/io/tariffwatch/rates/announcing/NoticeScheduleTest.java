package io.tariffwatch.rates.announcing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.domain.Transition;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** When notices of a transition are due: the pause on Japan ending on 9 July 2025 (10% → 24%). */
class NoticeScheduleTest {
    private static final Instant PAUSE_ENDS = Instant.parse("2025-07-09T04:01:00Z");
    private static final TradePair US_JP = new TradePair("US", "JP");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);

    private final DutyTimelines timelines = timelines();
    private final NoticeSchedule schedule = new NoticeSchedule(NoticeLeads.of(List.of(DAY, WEEK)));

    @Nested
    class Leads {
        private final NoticeLeads leads = NoticeLeads.of(List.of(DAY, WEEK, DAY));

        @Test
        void areKeptLongestFirstOnceEach() {
            assertEquals(List.of(WEEK, DAY), leads.longestFirst());
            assertEquals(WEEK, leads.longest());
        }

        @Test
        void theDueLeadIsTheShortestWhoseWindowHasBegun() {
            assertEquals(Optional.empty(), leads.dueAt(Duration.ofDays(8)));
            assertEquals(Optional.of(WEEK), leads.dueAt(Duration.ofDays(7)));
            assertEquals(Optional.of(WEEK), leads.dueAt(Duration.ofDays(3)));
            assertEquals(Optional.of(DAY), leads.dueAt(Duration.ofHours(12)), "a missed week's notice is not sent late");
        }

        @Test
        void longerLeadsThanOneAreThoseItOvertakes() {
            assertEquals(List.of(WEEK), leads.longerThan(DAY));
            assertEquals(List.of(), leads.longerThan(WEEK));
        }

        @Test
        void noLeadsNoNotices() {
            assertEquals(List.of(), new NoticeSchedule(NoticeLeads.of(List.of())).due(timelines(), PAUSE_ENDS.minus(DAY)));
        }
    }

    @Test
    void nothingIsDueBeforeTheLongestWindow() {
        assertEquals(List.of(), schedule.due(timelines, PAUSE_ENDS.minus(Duration.ofDays(10))));
    }

    @Test
    void eachLeadIsDueOnceWhenItsWindowBegins() {
        Instant fiveDaysBefore = PAUSE_ENDS.minus(Duration.ofDays(5));
        List<NoticeSchedule.Due> week = schedule.due(timelines, fiveDaysBefore);
        assertEquals(List.of(new NoticeSchedule.Due(US_JP, PAUSE_ENDS, WEEK, 1)), week);
        Map<DutyKey, Transition> moves = timelines.movesAt(US_JP, PAUSE_ENDS);
        assertEquals(1, moves.size(), moves.toString());
        assertTrue(moves.values().iterator().next().sameMoveAs(BigDecimal.TEN, new BigDecimal(24)), "the move its notices tell: " + moves);
        assertEquals(week, schedule.due(timelines, fiveDaysBefore.plusSeconds(1)), "due until handled");

        schedule.handled(week.get(0));
        assertEquals(List.of(), schedule.due(timelines, fiveDaysBefore.plusSeconds(2)));
        assertEquals(List.of(new NoticeSchedule.Due(US_JP, PAUSE_ENDS, DAY, 1)),
                schedule.due(timelines, PAUSE_ENDS.minus(Duration.ofHours(12))));
    }

    @Test
    void aPairWhoseTimelinesChangedIsLookedAtAgain() {
        Instant now = PAUSE_ENDS.minus(Duration.ofDays(5));
        schedule.handled(schedule.due(timelines, now).get(0));
        timelines.accept(timelines.compute(book(), List.of(US_JP)));
        assertEquals(List.of(new NoticeSchedule.Due(US_JP, PAUSE_ENDS, WEEK, 2)), schedule.due(timelines, now));
    }

    @Test
    void aTransitionThatHasComeHasNoNotice() {
        assertEquals(List.of(), schedule.due(timelines, PAUSE_ENDS));
    }

    private static DutyTimelines timelines() {
        DutyTimelines timelines = new DutyTimelines();
        TariffBook book = book();
        timelines.accept(timelines.compute(book, book.pairs()));
        return timelines;
    }

    private static TariffBook book() {
        try (InputStream fixture = NoticeScheduleTest.class.getResourceAsStream("/notices/pause-ending.json")) {
            return TariffBook.empty().withAll(Json.mapper().readValue(fixture, new TypeReference<List<PolicyEvent>>() {
            }));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
