package io.tariffwatch.support.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * Inserts many rows with one statement per {@value #CHUNK} rows, inside the caller's transaction: each column
 * goes as one array, {@code unnest}ed into rows in the given order. PostgreSQL runs one statement instead of one
 * per row (a JDBC batch of single-row inserts saves the round trips but not the per-statement work: writing
 * 1,000 outbox rows and 1,000 ledger rows took most of the rate engine's 120–200 ms transactions).
 */
public final class JdbcBatch {
    static final int CHUNK = 1000;

    private JdbcBatch() {
    }

    /** One column of the inserted rows: its value in a row (null stays null), and what is inserted, in SQL over
     * the rows' values {@code v.<name>} (text, cast to the column's type). */
    public record Column<T>(String name, Function<T, ?> value, String select) {
    }

    /** A column that takes the row's value, as {@code sqlType}. */
    public static <T> Column<T> column(String name, String sqlType, Function<T, ?> value) {
        return new Column<>(name, value, "v." + name + "::" + sqlType);
    }

    /** A column computed by {@code select}, an SQL expression over the rows' values ({@code v.<name>::type}). */
    public static <T> Column<T> computed(String name, Function<T, ?> value, String select) {
        return new Column<>(name, value, select);
    }

    /**
     * {@code insert into table (columns...) select ... order by the rows' order} plus {@code tail} (an
     * {@code on conflict} clause, or empty): serial ids are drawn in the rows' order.
     *
     * @return the rows inserted (one that did nothing on conflict counts 0)
     */
    @SafeVarargs
    public static <T> int insert(String table, List<T> rows, String tail, Column<T>... columns) {
        if (rows.isEmpty()) {
            return 0;
        }
        String sql = sql(table, tail, List.of(columns));
        // entities persisted earlier in the transaction must be in the database first (foreign keys, order)
        Panache.getEntityManager().flush();
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            int changed = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int from = 0; from < rows.size(); from += CHUNK) {
                    List<T> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                    for (int c = 0; c < columns.length; c++) {
                        Function<T, ?> value = columns[c].value();
                        statement.setArray(c + 1, connection.createArrayOf("text",
                                chunk.stream().map(r -> text(value.apply(r))).toArray(String[]::new)));
                    }
                    changed += statement.executeUpdate();
                }
            }
            return changed;
        });
    }

    static <T> String sql(String table, String tail, List<Column<T>> columns) {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner selects = new StringJoiner(", ");
        StringJoiner arrays = new StringJoiner(", ");
        for (Column<T> c : columns) {
            names.add(c.name());
            selects.add(c.select());
            arrays.add("?::text[]");
        }
        return "insert into " + table + " (" + names + ") select " + selects + " from unnest(" + arrays
                + ") with ordinality as v(" + names + ", row_order) order by row_order" + (tail.isEmpty() ? "" : " " + tail);
    }

    /** A value as PostgreSQL reads it from text: times as ISO 8601 instants (a {@link Timestamp}'s own text has no
     * offset and would be read in the session's time zone). */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Timestamp t ? t.toInstant().toString() : value.toString();
    }
}
