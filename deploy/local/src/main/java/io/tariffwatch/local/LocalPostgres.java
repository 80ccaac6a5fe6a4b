package io.tariffwatch.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server from embedded binaries, with one database and one login role per service. With
 * {@code statements}, it also keeps statistics of every statement ({@code pg_stat_statements}, in each service's
 * database, readable by its role): what the bench's {@code --pg-statements} reports.
 */
final class LocalPostgres implements AutoCloseable {
    private final Path dir;
    private final boolean statements;
    private int port;
    private EmbeddedPostgres postgres;

    LocalPostgres(Path dir, int port, boolean statements) {
        this.dir = dir;
        this.port = port;
        this.statements = statements;
    }

    void start(List<String> databases) throws IOException, SQLException {
        Files.createDirectories(dir);
        restart();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            for (String db : databases) {
                createIfMissing(c, db);
            }
        }
        if (statements) {
            for (String db : databases) {
                try (Connection c = postgres.getDatabase("postgres", db).getConnection(); Statement s = c.createStatement()) {
                    s.execute("create extension if not exists pg_stat_statements");
                    s.execute("grant pg_read_all_stats to " + db);
                }
            }
        }
    }

    /** The role and its password are the database's name: this server listens on loopback only. */
    private static void createIfMissing(Connection c, String db) throws SQLException {
        if (!db.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + db);
        }
        try (Statement s = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", db)) {
                s.execute("create role " + db + " login password '" + db + "'");
            }
            if (!exists(c, "select 1 from pg_database where datname = ?", db)) {
                s.execute("create database " + db + " owner " + db);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Starts the server on its data directory, on the port it had before if it ran already. */
    void restart() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "300");
        if (statements) {
            // top-level statements only: those inside functions would be counted twice
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "top");
        }
        postgres = builder.start();
        port = postgres.getPort();
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
