package io.tariffwatch.support.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Writes many rows inside the caller's transaction with few statements: a JDBC batch (one round trip per
 * {@value #SIZE} rows), or one statement per {@value #SIZE} rows passed column by column as arrays. */
public final class JdbcBatch {
    private static final int SIZE = 500;

    private JdbcBatch() {
    }

    /** Sets one row's parameters. */
    public interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** One column of rows written as one array parameter: its SQL element type and each row's value. */
    public record ArrayColumn<T>(String type, IntFunction<Object[]> array, Function<T, Object> value) {
        public static <T> ArrayColumn<T> text(Function<T, String> value) {
            return new ArrayColumn<>("text", String[]::new, value::apply);
        }

        public static <T> ArrayColumn<T> bigint(Function<T, Long> value) {
            return new ArrayColumn<>("int8", Long[]::new, value::apply);
        }

        public static <T> ArrayColumn<T> integer(Function<T, Integer> value) {
            return new ArrayColumn<>("int4", Integer[]::new, value::apply);
        }

        /** Any value as its text (null stays null), cast by the statement to the column's type (uuid, timestamptz). */
        public static <T> ArrayColumn<T> asText(Function<T, Object> value) {
            return text(row -> Objects.toString(value.apply(row), null));
        }

        /** These rows' column as one SQL array, for a statement that binds its own parameters. */
        public java.sql.Array of(Connection connection, List<T> rows) throws SQLException {
            return connection.createArrayOf(type, values(rows));
        }

        private Object[] values(List<T> rows) {
            Object[] values = array.apply(rows.size());
            for (int i = 0; i < values.length; i++) {
                values[i] = value.apply(rows.get(i));
            }
            return values;
        }
    }

    /** @return the rows the statements changed, in all (an insert that did nothing on conflict counts 0; the
     * PostgreSQL driver reports each row's count as long as {@code reWriteBatchedInserts} stays off) */
    public static <T> int execute(String sql, List<T> rows, Binder<T> binder) {
        return rows.isEmpty() ? 0 : withStatement(sql, (connection, statement) -> {
            int changed = 0;
            int pending = 0;
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
                if (++pending == SIZE) {
                    changed += sum(statement.executeBatch());
                    pending = 0;
                }
            }
            if (pending > 0) {
                changed += sum(statement.executeBatch());
            }
            return changed;
        });
    }

    /**
     * One statement per {@value #SIZE} rows, for SQL that reads the rows from arrays ({@code unnest}), one per
     * column, after the {@code leading} scalar parameters (a timestamp all rows share). PostgreSQL executes one
     * statement instead of one per row: a poll's thousands of outbox and ledger rows cost a few.
     * @return the rows the statements changed, in all
     */
    public static <T> int executeColumns(String sql, List<T> rows, List<Object> leading, List<ArrayColumn<T>> columns) {
        return rows.isEmpty() ? 0 : withStatement(sql, (connection, statement) -> {
            int changed = 0;
            for (int from = 0; from < rows.size(); from += SIZE) {
                List<T> chunk = rows.subList(from, Math.min(rows.size(), from + SIZE));
                int parameter = 1;
                for (Object scalar : leading) {
                    statement.setObject(parameter++, scalar);
                }
                for (ArrayColumn<T> column : columns) {
                    statement.setArray(parameter++, column.of(connection, chunk));
                }
                changed += statement.executeUpdate();
            }
            return changed;
        });
    }

    private static int withStatement(String sql, PlainSql.StatementWork<Integer> work) {
        // entities persisted earlier in the transaction must be in the database first (foreign keys, order)
        Panache.getEntityManager().flush();
        return PlainSql.withStatement(sql, work);
    }

    private static int sum(int[] counts) {
        int sum = 0;
        for (int c : counts) {
            sum += Math.max(c, 0);
        }
        return sum;
    }
}
