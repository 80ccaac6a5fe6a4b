package io.tariffwatch.rates.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactLogTest {
    private static List<Fact> facts(String... ids) {
        List<Fact> facts = new ArrayList<>();
        for (String id : ids) {
            facts.add(Fact.of(Ev.hike(id, "M", 10, "2025-03-01").targets("CN").build(1L), id, facts.size()));
        }
        return facts;
    }

    private static List<String> ids(List<Fact> facts) {
        return facts.stream().map(Fact::sourceEventId).toList();
    }

    @Test
    void aViewKeepsItsFactsAndEventsWhileItsSuccessorAppendsToTheSharedLog() {
        FactLog first = FactLog.of(facts("a", "b"));
        FactLog second = first.appended(facts("c"));
        assertEquals(List.of("a", "b"), ids(first));
        assertEquals(List.of("a", "b", "c"), ids(second));
        assertFalse(first.containsEvent("c"));
        assertTrue(second.containsEvent("c") && second.containsEvent("a"));
        assertThrows(IndexOutOfBoundsException.class, () -> first.get(2));
    }

    @Test
    void appendingToAViewTheLogHasGrownPastCopiesSoBothBranchesHoldTheirOwn() {
        FactLog first = FactLog.of(facts("a"));
        FactLog left = first.appended(facts("b"));
        FactLog right = first.appended(facts("c", "d"));
        assertEquals(List.of("a", "b"), ids(left));
        assertEquals(List.of("a", "c", "d"), ids(right));
        assertTrue(right.containsEvent("d") && !right.containsEvent("b"));
        assertTrue(left.containsEvent("b") && !left.containsEvent("c"));
        assertEquals(List.of("a", "b", "e"), ids(left.appended(facts("e"))));
    }

    @Test
    void theLogGrowsPastItsFirstCapacity() {
        FactLog log = FactLog.of(facts("first"));
        List<FactLog> views = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            log = log.appended(facts("e" + i));
            views.add(log);
        }
        assertEquals(101, log.size());
        assertEquals("e99", log.get(100).sourceEventId());
        assertEquals(List.of("first", "e0"), ids(views.get(0)));
        assertFalse(views.get(10).containsEvent("e11"));
    }

    @Test
    void appendingNothingIsTheSameView() {
        FactLog log = FactLog.of(facts("a"));
        assertTrue(log == log.appended(List.of()));
    }
}
