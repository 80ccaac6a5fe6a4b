package io.tariffwatch.support.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.Session;

/**
 * One plain SQL statement on the caller's transaction's connection, bypassing the persistence context: for the hot
 * paths where mapping rows to managed entities, or parsing an HQL statement anew for each number of ids, had cost
 * more than the query. Nothing is flushed first: the caller reads or writes only what it has not changed as entities.
 */
public final class PlainSql {
    private static final String READ_THROUGH_INDEXES = "set local enable_seqscan = off";
    private static final String READ_IN_INDEX_ORDER = READ_THROUGH_INDEXES + "; set local enable_bitmapscan = off; "
            + "set local enable_sort = off";

    private PlainSql() {
    }

    /** Sets a statement's parameters; the connection makes array parameters ({@code = any(?)}). */
    public interface Parameters {
        /** A statement without parameters. */
        Parameters NONE = (connection, statement) -> {
        };

        /** The statement's parameters, in order (each bound as its JDBC type: a string, a number). */
        static Parameters of(Object... values) {
            return (connection, statement) -> {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i]);
                }
            };
        }

        /** The statement's one parameter: these values as an SQL array of {@code sqlType} ({@code = any(?)}). */
        static Parameters array(String sqlType, Collection<?> values) {
            return (connection, statement) -> statement.setArray(1, connection.createArrayOf(sqlType, values.toArray()));
        }

        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /** Maps the current row of a result. */
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The statement's work on its prepared statement. */
    interface StatementWork<R> {
        R run(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /** Every row the query returns, mapped in order. */
    public static <T> List<T> list(String sql, Parameters parameters, RowReader<T> reader) {
        return withStatement(sql, rowsOf(parameters, reader));
    }

    /**
     * Every row the query returns, read on a connection of {@code database} in a short transaction of its own, outside
     * any JTA transaction, through indexes ({@link #readThroughIndexes}): for a frequent read whose JTA begin and
     * commit had cost more than the query. One statement, so one snapshot. Not for a caller inside a transaction.
     */
    public static <T> List<T> listOutsideTransactions(DataSource database, String sql, Parameters parameters,
                                                      RowReader<T> reader) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                onConnection(connection, READ_THROUGH_INDEXES, (c, set) -> set.execute());
                List<T> rows = onConnection(connection, sql, rowsOf(parameters, reader));
                connection.commit();
                return rows;
            } finally {
                // ends a transaction a failure left open too (it only read)
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Every row the query returns as one entry, by its key (a later row with the same key replaces an earlier). */
    public static <K, V> Map<K, V> map(String sql, Parameters parameters, RowReader<K> key, RowReader<V> value) {
        Map<K, V> entries = new HashMap<>();
        withStatement(sql, eachRowOf(parameters, row -> entries.put(key.read(row), value.read(row))));
        return entries;
    }

    /** @return the rows the statement changed */
    public static int update(String sql, Parameters parameters) {
        return withStatement(sql, (connection, statement) -> {
            parameters.bind(connection, statement);
            return statement.executeUpdate();
        });
    }

    /**
     * The rest of the caller's transaction reads tables through their indexes, never by scanning one whole: for
     * lookups of a few keys in a table that grows from empty. A plan made while the table (or its statistics) was
     * small scans it, and a connection keeps a statement's plan until the table is next analysed — measured: the
     * group commit's lookup of its ids scanned 60,000 policy events each time, 3.9 ms against 0.05 through the key.
     */
    public static void readThroughIndexes() {
        update(READ_THROUGH_INDEXES, Parameters.NONE);
    }

    /**
     * As {@link #readThroughIndexes}, and a query ordered as an index is, with a limit, reads that index in its order
     * and stops at the limit: never every matching row and a sort, as a plan made while few rows matched would —
     * measured: a claim's scan for 256 due alerts amid 10,584 read them all and sorted them (27 ms; the whole claim
     * now takes 1.9 ms).
     */
    public static void readInIndexOrder() {
        update(READ_IN_INDEX_ORDER, Parameters.NONE);
    }

    private static <T> StatementWork<List<T>> rowsOf(Parameters parameters, RowReader<T> reader) {
        return (connection, statement) -> {
            List<T> rows = new ArrayList<>();
            eachRowOf(parameters, row -> rows.add(reader.read(row))).run(connection, statement);
            return rows;
        };
    }

    private static StatementWork<Void> eachRowOf(Parameters parameters, RowReader<?> eachRow) {
        return (connection, statement) -> {
            parameters.bind(connection, statement);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    eachRow.read(row);
                }
            }
            return null;
        };
    }

    static <R> R withStatement(String sql, StatementWork<R> work) {
        return Panache.getEntityManager().unwrap(Session.class)
                .doReturningWork(connection -> onConnection(connection, sql, work));
    }

    private static <R> R onConnection(Connection connection, String sql, StatementWork<R> work) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return work.run(connection, statement);
        }
    }
}
