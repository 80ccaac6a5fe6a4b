package io.tariffwatch.support.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcBatchTest {
    record Row(UUID id, String name, Instant at) {
    }

    @Test
    void oneArrayPerColumnUnnestedInTheRowsOrderWithComputedColumnsAndTheTail() {
        String sql = JdbcBatch.sql("thing", "on conflict do nothing", List.of(
                JdbcBatch.<Row>column("id", "uuid", Row::id),
                JdbcBatch.<Row>column("name", "text", Row::name),
                JdbcBatch.<Row>computed("late", Row::at, "v.late::timestamptz > now()")));
        assertEquals("insert into thing (id, name, late) select v.id::uuid, v.name::text, v.late::timestamptz > now() "
                + "from unnest(?::text[], ?::text[], ?::text[]) with ordinality as v(id, name, late, row_order) "
                + "order by row_order on conflict do nothing", sql);
    }

    @Test
    void noTailNoTrailingClause() {
        assertEquals("insert into t (a) select v.a::int from unnest(?::text[]) with ordinality as v(a, row_order) "
                + "order by row_order", JdbcBatch.sql("t", "", List.of(JdbcBatch.<Integer>column("a", "int", i -> i))));
    }

    @Test
    void valuesAsPostgresqlReadsThemTimesWithTheirOffset() {
        Instant at = Instant.parse("2025-04-09T04:01:00.123456Z");
        assertEquals("2025-04-09T04:01:00.123456Z", JdbcBatch.text(at));
        assertEquals("2025-04-09T04:01:00.123456Z", JdbcBatch.text(Timestamp.from(at)));
        assertEquals("42", JdbcBatch.text(42L));
        assertNull(JdbcBatch.text(null));
    }
}
