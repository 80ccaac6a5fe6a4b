package io.tariffwatch.rates.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayeredMapTest {
    @Test
    void anExtensionSeesWhatItsBaseHeldAndItsOwnChangesWhichTheBaseDoesNotSee() {
        LayeredMap<String, Integer> first = new LayeredMap<>();
        first.put("a", 1);
        first.put("b", 2);
        LayeredMap<String, Integer> second = first.extended();
        second.put("b", 20);
        second.put("c", 3);
        assertEquals(List.of(1, 20, 3), List.of(second.get("a"), second.get("b"), second.get("c")));
        assertEquals(3, second.size());
        assertEquals(2, first.get("b"));
        assertNull(first.get("c"));
        assertEquals(2, first.size());
        assertEquals(0, first.getOrDefault("c", 0));
    }

    @Test
    void extensionsStayApartAcrossFoldsIntoANewBase() {
        List<LayeredMap<Integer, Integer>> generations = new ArrayList<>();
        LayeredMap<Integer, Integer> map = new LayeredMap<>();
        for (int poll = 0; poll < 200; poll++) {
            map = map.extended();
            for (int i = 0; i < 20; i++) {
                map.put(poll * 20 + i, poll);
            }
            map.put(0, poll); // a replaced value, counted once
            generations.add(map);
        }
        for (int poll = 0; poll < 200; poll++) {
            LayeredMap<Integer, Integer> g = generations.get(poll);
            assertEquals((poll + 1) * 20, g.size(), "keys after poll " + poll);
            assertEquals(poll, g.get(0));
            assertEquals(poll, g.get(poll * 20 + 19));
            assertNull(g.get((poll + 1) * 20));
        }
    }
}
