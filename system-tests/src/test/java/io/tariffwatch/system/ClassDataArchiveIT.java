package io.tariffwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A service's own class-data archive (README "Performance"): the first start after a build records it as the JVM
 * stops, later starts map it, and a start cut short by a kill leaves the archive there was — never half of one.
 */
class ClassDataArchiveIT {
    private static final Path APP = TariffWatchSystem.ROOT.resolve("rate-engine/target/quarkus-app");
    private static final Path ARCHIVE = APP.resolve(ServiceProcess.TRAINED_ARCHIVE);

    @Test
    void theFirstStartRecordsTheArchiveLaterStartsMapItAndAKilledStartKeepsTheOldOne() throws Exception {
        try (TariffWatchSystem system = TariffWatchSystem.start("class-data")) {
            // as after a build: no archive newer than the jar
            Files.deleteIfExists(ARCHIVE);
            ServiceProcess training = system.service("rate-engine", "rates", Map.of());
            assertFalse(training.mapsTrainedArchive(), "nothing to map yet");
            training.close();
            assertTrue(ServiceProcess.hasTrainedArchive("rate-engine"), "recorded as the service stopped");
            assertEquals(List.of(), recordings(), "the recording became the archive");

            ServiceProcess trained = system.service("rate-engine", "rates", Map.of());
            assertTrue(trained.mapsTrainedArchive(), "a later start maps it");
            trained.close();

            // the jar is newer than the archive again (a build): this start records, and is killed
            FileTime stale = FileTime.fromMillis(Files.getLastModifiedTime(APP.resolve("quarkus-run.jar")).toMillis() - 1000);
            Files.setLastModifiedTime(ARCHIVE, stale);
            ServiceProcess killed = system.service("rate-engine", "rates", Map.of());
            assertFalse(killed.mapsTrainedArchive(), "a stale archive is not mapped");
            killed.kill();
            assertEquals(stale, Files.getLastModifiedTime(ARCHIVE), "a killed recording never replaces the archive");
            assertEquals(List.of(), recordings(), "nor is it left behind");
        } finally {
            // the next start records a whole one again
            Files.deleteIfExists(ARCHIVE);
        }
    }

    private static List<Path> recordings() throws Exception {
        try (Stream<Path> files = Files.list(APP)) {
            return files.filter(p -> p.getFileName().toString().startsWith("cds-training-")).toList();
        }
    }
}
