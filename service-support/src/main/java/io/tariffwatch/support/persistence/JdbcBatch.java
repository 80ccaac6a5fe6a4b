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

    public static <T> void execute(String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        Panache.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int pending = 0;
                for (T row : rows) {
                    binder.bind(statement, row);
                    statement.addBatch();
                    if (++pending == SIZE) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            }
        });
    }
}
