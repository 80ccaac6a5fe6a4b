package io.tariffwatch.support.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeapReleaseRuleTest {
    private static final long MB = 1024 * 1024;
    private static final Instant START = Instant.parse("2025-04-09T04:01:00Z");
    private static final Duration QUIET_FOR = Duration.ofSeconds(10);

    private static HeapReading at(int second, long collections, long committedMegabytes) {
        return new HeapReading(START.plusSeconds(second), collections, committedMegabytes * MB, 0);
    }

    private static HeapReleaseRule ruleFrom(HeapReading first) {
        return new HeapReleaseRule(QUIET_FOR, 32 * MB, first);
    }

    @Test
    void aGrownHeapIsReleasedOnceNoCollectionRanForTheQuietPeriod() {
        HeapReleaseRule rule = ruleFrom(at(0, 5, 100));
        assertFalse(rule.releaseNow(at(5, 40, 260)), "collecting: the burst goes on");
        assertFalse(rule.releaseNow(at(10, 40, 260)), "quiet for 5 s only");
        assertTrue(rule.releaseNow(at(15, 40, 260)), "quiet for 10 s, grown by 160 MB");
    }

    @Test
    void aServiceThatKeepsCollectingKeepsItsHeap() {
        HeapReleaseRule rule = ruleFrom(at(0, 0, 100));
        for (int s = 5; s <= 120; s += 5) {
            assertFalse(rule.releaseNow(at(s, s, 300)), "collections at " + s + " s");
        }
    }

    @Test
    void aHeapGrownByLessThanTheMinimumIsLeftAlone() {
        HeapReleaseRule rule = ruleFrom(at(0, 5, 100));
        assertFalse(rule.releaseNow(at(5, 6, 131)));
        assertFalse(rule.releaseNow(at(60, 6, 131)), "31 MB of growth, below the 32 MB minimum");
        assertTrue(rule.releaseNow(at(65, 6, 132)), "32 MB: at the minimum");
    }

    @Test
    void afterAReleaseGrowthCountsFromTheHeapItLeft() {
        HeapReleaseRule rule = ruleFrom(at(0, 5, 100));
        rule.releaseNow(at(5, 9, 260));
        assertTrue(rule.releaseNow(at(15, 9, 260)));
        rule.settled(at(16, 10, 150));
        assertFalse(rule.releaseNow(at(60, 10, 150)), "nothing grown since the release");
        assertFalse(rule.releaseNow(at(65, 14, 170)), "a burst begins");
        assertFalse(rule.releaseNow(at(75, 14, 170)), "20 MB above what the release left");
        assertFalse(rule.releaseNow(at(80, 15, 190)), "40 MB above it, but a collection just ran");
        assertTrue(rule.releaseNow(at(90, 15, 190)));
    }

    @Test
    void theReleaseItselfDoesNotCountAsABurst() {
        HeapReleaseRule rule = ruleFrom(at(0, 5, 100));
        rule.releaseNow(at(5, 9, 260));
        assertTrue(rule.releaseNow(at(15, 9, 260)));
        rule.settled(at(15, 13, 150)); // the release's own full collections
        assertFalse(rule.releaseNow(at(16, 13, 150)));
        assertFalse(rule.releaseNow(at(600, 13, 150)));
    }

    @Test
    void growthCountsFromAHeapTheCollectorShrankOnItsOwn() {
        HeapReleaseRule rule = ruleFrom(at(0, 5, 100));
        assertFalse(rule.releaseNow(at(5, 6, 60)), "the collector gave 40 MB back by itself");
        assertFalse(rule.releaseNow(at(10, 7, 95)));
        assertTrue(rule.releaseNow(at(20, 7, 95)), "35 MB above the lowest heap seen");
    }

    @Test
    void theQuietPeriodCountsFromTheReadingThatFirstSawTheCollection() {
        HeapReleaseRule rule = ruleFrom(at(0, 5, 100));
        assertFalse(rule.releaseNow(at(7, 6, 200)));
        assertFalse(rule.releaseNow(at(16, 6, 200)), "9 s after the reading that saw it");
        assertTrue(rule.releaseNow(at(17, 6, 200)), "exactly 10 s after");
    }
}
