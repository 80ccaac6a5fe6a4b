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

/** A real PostgreSQL server from embedded binaries, with one database and one login role per service. */
final class LocalPostgres implements AutoCloseable {
    private final Path dir;
    private int port;
    private EmbeddedPostgres postgres;

    LocalPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    void start(List<String> databases) throws IOException, SQLException {
        Files.createDirectories(dir);
        restart();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            for (String db : databases) {
                createIfMissing(c, db);
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
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "300")
                .start();
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
