package io.tariffwatch.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** How the transaction of a connection has read one table so far (PostgreSQL's {@code pg_stat_xact_user_tables}):
 * scans of the whole table, and reads through one of its indexes. Those counts may include reads of the connection's
 * earlier transactions that the server has not yet added to its statistics (it does so at most once a second):
 * compare two readings in one transaction ({@link #since}). {@code rowsRead}: the rows those scans and index reads
 * fetched. */
public record TableReads(long scans, long indexReads, long rowsRead) {
    /** The reads since {@code earlier}, a reading of the same table in the same transaction. */
    public TableReads since(TableReads earlier) {
        return new TableReads(scans - earlier.scans, indexReads - earlier.indexReads, rowsRead - earlier.rowsRead);
    }

    public static TableReads inTransactionOf(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select seq_scan, coalesce(idx_scan, 0), seq_tup_read + coalesce(idx_tup_fetch, 0) "
                        + "from pg_stat_xact_user_tables where relname = ?")) {
            select.setString(1, table);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalArgumentException("no table " + table);
                }
                return new TableReads(row.getLong(1), row.getLong(2), row.getLong(3));
            }
        }
    }

    /** The rest of the connection's transaction is planned as if scanning any table cost nothing, as it is for a table
     * the planner last saw empty, each statement afresh (not by a plan the connection kept): a statement that can be
     * answered by a scan is — unless it asks for another plan itself (what an earlier statement of the transaction
     * asked for is reset here). */
    public static void scansLookFree(Connection connection) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute("set local seq_page_cost = 0; set local cpu_tuple_cost = 0; set local cpu_operator_cost = 0; "
                    + "set local plan_cache_mode = force_custom_plan; set local enable_seqscan = on; "
                    + "set local enable_bitmapscan = on; set local enable_sort = on");
        }
    }
}
