package io.tariffwatch.rates.announcing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
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
}
