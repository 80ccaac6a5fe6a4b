package io.tariffwatch.support.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.hibernate.Session;

/** Writes many rows with one statement in JDBC batches, inside the caller's transaction: one round trip
 * per batch instead of one per row. */
public final class JdbcBatch {
    private static final int SIZE = 500;

    private JdbcBatch() {
    }

    /** Sets one row's parameters. */
    public interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** @return the rows the statements changed, in all (an insert that did nothing on conflict counts 0; the
     * PostgreSQL driver reports each row's count as long as {@code reWriteBatchedInserts} stays off) */
    public static <T> int execute(String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return 0;
        }
        // entities persisted earlier in the transaction must be in the database first (foreign keys, order)
        Panache.getEntityManager().flush();
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            int changed = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
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
            }
            return changed;
        });
    }

    private static int sum(int[] counts) {
        int sum = 0;
        for (int c : counts) {
            sum += Math.max(c, 0);
        }
        return sum;
    }
}
