package io.tariffwatch.rates.announcing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tariffwatch.events.Countries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key's rules that revising relies on: parents before children, a key's parent, and equality by value. */
class DutyKeyTest {
    private static DutyKey key(String imposer, String partner, String product) {
        return new DutyKey(imposer, partner, product);
    }

    @Test
    void parentsComeFirstWithinEachPairAndPairsInOrder() {
        List<DutyKey> keys = new ArrayList<>(List.of(key("US", "CN", "8517"), key("US", "CN", "9"), key("US", "CN", "*"),
                key("US", "BR", "*"), key("US", "CN", "85"), key("CA", "CN", "1"), key("US", "CN", "84")));
        keys.sort(DutyKey.PARENTS_FIRST);
        assertEquals(List.of(key("CA", "CN", "1"), key("US", "BR", "*"), key("US", "CN", "*"), key("US", "CN", "9"),
                key("US", "CN", "84"), key("US", "CN", "85"), key("US", "CN", "8517")), keys);
    }

    @Test
    void aPrefixsParentIsOneDigitShorterAndGeneralGoodsHaveNone() {
        assertEquals(key("US", "CN", "851"), key("US", "CN", "8517").shorter());
        assertEquals(key("US", "CN", "*"), key("US", "CN", "8").shorter());
        assertNull(key("US", "CN", "*").shorter());
    }

    @Test
    void keysAreEqualByValue() {
        DutyKey a = key("US", "CN", "8517");
        DutyKey b = key(new String("US"), new String("CN"), "85171".substring(0, 4));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, key("US", "CN", "851"));
        assertNotEquals(a, key("US", "MX", "8517"));
        assertNotEquals(a, key("CA", "CN", "8517"));
    }

    /** The engine's maps hold a key per product of every pair its events touch: keys of many pairs and headings hash
     * apart (with the records' multiplier, 31, a replay's 165,000 keys had 87,000 hashes). */
    @Test
    void keysOfManyPairsAndHeadingsHashApart() {
        List<String> codes = Countries.ISO.stream().sorted().limit(60).toList();
        Set<DutyKey> keys = new HashSet<>();
        for (String imposer : codes.subList(0, 20)) {
            for (String partner : codes) {
                for (int heading = 101; heading < 9700; heading += 97) {
                    keys.add(key(imposer, partner, "%04d".formatted(heading)));
                }
            }
        }
        assertEquals(keys.size(), keys.stream().map(DutyKey::hashCode).distinct().count());
    }
}
