package io.tariffwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.local.InfraProcess;
import io.tariffwatch.system.bench.PgStatements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./tariffwatch bench --pg-statements} on a real server: the infrastructure keeping statement statistics, and
 * the bench reading what a group of work executed, through a service's own role. */
class PgStatementsIT {
    @Test
    void aGroupsStatementsAreCountedAndWrittenHeaviestFirst() throws Exception {
        Path work = Files.createDirectories(TariffWatchSystem.ROOT.resolve("system-tests/target/system-run"));
        Path dir = Files.createTempDirectory(work, "pg-statements-");
        try (InfraProcess infra = InfraProcess.start(dir.resolve("infra"), List.of("rates"), true)) {
            countsAndWrites(infra, dir.resolve("pg-statements.md"));
        } finally {
            TariffWatchSystem.deleteInfraData(dir.resolve("infra"));
        }
    }

    private static void countsAndWrites(InfraProcess infra, Path file) throws Exception {
        String url = infra.jdbcUrl("rates");
        PgStatements statements = new PgStatements(url, infra.dbUsername("rates"), infra.dbPassword("rates"), file);
        PgStatements.Snapshot before = statements.snapshot();
        try (Connection c = DriverManager.getConnection(url, infra.dbUsername("rates"), infra.dbPassword("rates"));
             Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                s.executeQuery("select count(*) from generate_series(1, 200000)").close();
            }
        }

        PgStatements.Counters counted = statements.since(before).get(0);
        assertEquals("rates", counted.database());
        assertTrue(counted.statement().contains("generate_series"), counted.statement());
        assertEquals(3, counted.calls());
        assertEquals(3, counted.rows());
        assertTrue(counted.milliseconds() > 0);

        statements.write("a group", before);
        String written = Files.readString(file);
        assertTrue(written.contains("\n## a group\n"), written);
        assertTrue(written.contains("| rates | 3 | "), written);
    }
}
