package io.tariffwatch.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tariffwatch bench --pg-statements}: PostgreSQL's statistics of every statement ({@code pg_stat_statements},
 * which the run's server then keeps) over each group of scenarios, its heaviest statements by execution time
 * appended to a Markdown file as the group ends — which statement to look at, with its calls and rows. Read through
 * one service's database and role: the view holds every database's statements.
 */
public final class PgStatements {
    /** The system property that asks for it. */
    public static final String ENABLED = "tariffwatch.bench.pg-statements";
    private static final int TOP = 15;
    private static final int STATEMENT_CHARS = 300;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Path file;

    /** One statement's counters at an instant, in one database. */
    public record Counters(String database, String statement, long calls, double milliseconds, long rows) {
    }

    /** Every statement's counters at an instant, by database and query id. */
    public record Snapshot(Map<String, Counters> byStatement) {
    }

    public PgStatements(String jdbcUrl, String user, String password, Path file) throws IOException {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.file = file;
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# PostgreSQL's heaviest statements of each group of scenarios\n\n"
                + "Execution time only (not waiting for a connection, not the client's); rows: returned or changed.\n");
    }

    public Snapshot snapshot() throws SQLException {
        Map<String, Counters> byStatement = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select d.datname, s.queryid, s.calls, s.total_exec_time, s.rows, s.query "
                     + "from pg_stat_statements s join pg_database d on d.oid = s.dbid "
                     // not this reading itself
                     + "where s.query not like '%from pg_stat_statements s join pg_database%'")) {
            while (r.next()) {
                byStatement.put(r.getString(1) + "/" + r.getLong(2), new Counters(r.getString(1), r.getString(6),
                        r.getLong(3), r.getDouble(4), r.getLong(5)));
            }
        }
        return new Snapshot(byStatement);
    }

    /** What each statement did since {@code before}, the heaviest first. */
    public List<Counters> since(Snapshot before) throws SQLException {
        return snapshot().byStatement().entrySet().stream().map(e -> {
            Counters now = e.getValue();
            Counters was = before.byStatement().getOrDefault(e.getKey(),
                    new Counters(now.database(), now.statement(), 0, 0, 0));
            return new Counters(now.database(), now.statement(), now.calls() - was.calls(),
                    now.milliseconds() - was.milliseconds(), now.rows() - was.rows());
        }).filter(c -> c.calls() > 0).sorted(Comparator.comparingDouble(Counters::milliseconds).reversed())
                .limit(TOP).toList();
    }

    /** Appends the group's heaviest statements since {@code before} to the file. */
    public void write(String group, Snapshot before) throws SQLException, IOException {
        StringBuilder md = new StringBuilder("\n## ").append(group).append("\n\n")
                .append("| database | calls | ms | ms a call | rows a call | statement |\n|---|---|---|---|---|---|\n");
        for (Counters c : since(before)) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.1f | `%s` |%n", c.database(), c.calls(),
                    c.milliseconds(), c.milliseconds() / c.calls(), (double) c.rows() / c.calls(), shown(c.statement())));
        }
        Files.writeString(file, md, StandardOpenOption.APPEND);
    }

    /** On one line, at most {@value #STATEMENT_CHARS} characters, safe inside a table cell's code span. */
    static String shown(String statement) {
        String line = statement.replaceAll("\\s+", " ").trim().replace("|", "\\|").replace("`", "'");
        return line.length() <= STATEMENT_CHARS ? line : line.substring(0, STATEMENT_CHARS) + "…";
    }
}
