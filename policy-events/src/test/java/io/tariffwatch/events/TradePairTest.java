package io.tariffwatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TradePairTest {
    @Test
    void aKeyNamesThePairItWasWrittenFor() {
        TradePair pair = new TradePair("US", "CN");
        assertEquals("US:CN", pair.key());
        assertEquals(Optional.of(pair), TradePair.fromKey(pair.key()));
        assertEquals(Optional.of(new TradePair("EU", "*")), TradePair.fromKey(new TradePair("EU", "*").key()));
    }

    @Test
    void rateChangesAndNoticesAreKeyedByTheirPair() {
        RateChange change = new RateChange("c1", 1, "US", "MX", "7208", null, null, null, null, false, null, null, null, null);
        assertEquals(new TradePair("US", "MX").key(), change.key());
        UpcomingNotice notice = new UpcomingNotice("n1", "US", "MX", "7208", null, null, null, null);
        assertEquals(new TradePair("US", "MX").key(), notice.key());
    }

    @Test
    void pairsAreEqualByValue() {
        TradePair pair = new TradePair("US", "CN");
        assertEquals(pair, new TradePair(new String("US"), new String("CN")));
        assertEquals(pair.hashCode(), new TradePair(new String("US"), new String("CN")).hashCode());
        assertNotEquals(pair, new TradePair("CN", "US"));
        assertNotEquals(pair, new TradePair("US", "MX"));
        assertNotEquals(pair, null);
    }

    /** Every pair of two country codes hashes apart from every other: the engine keys maps of thousands of pairs
     * (and of duty keys) by them, and equal hashes share a bin. */
    @Test
    void everyPairOfCountriesHasItsOwnHash() {
        Set<TradePair> pairs = new HashSet<>();
        Countries.ISO.forEach(imposer -> Countries.ISO.forEach(partner -> pairs.add(new TradePair(imposer, partner))));
        assertEquals(pairs.size(), pairs.stream().map(TradePair::hashCode).distinct().count());
    }

    @Test
    void aKeyWithoutTheSeparatorNamesNoPair() {
        assertTrue(TradePair.fromKey("USCN").isEmpty());
        assertTrue(TradePair.fromKey(null).isEmpty());
        assertTrue(TradePair.fromKey("").isEmpty());
    }
}
