package io.tariffwatch.rates.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UniqueIdsTest {
    @Test
    void idsAreRandomVersionFourUuidsAndDistinct() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = UniqueIds.next();
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            assertEquals(id, UUID.fromString(id.toString()));
            ids.add(id);
        }
        assertEquals(100_000, ids.size());
    }
}
