package io.tariffwatch.system.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    private static volatile long sink;

    @Test
    void readsThisJvmsCpuTimeAsItWorks() throws Exception {
        long pid = ProcessHandle.current().pid();
        double before = ProcessCpu.seconds(pid);
        assertTrue(before > 0, "a JVM that ran tests has used CPU: " + before);
        // work until the reading moves (it counts in hundredths of a second)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                sink += i;
            }
            return ProcessCpu.seconds(pid) > before;
        });
    }

    @Test
    void findsAProcessStartedBelowThisOneByItsCommandLine() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            double seconds = ProcessCpu.descendantSeconds(ProcessHandle.current().pid(), "sleep");
            assertTrue(seconds >= 0 && seconds < 1, "a sleeping child's CPU: " + seconds);
            assertThrows(IOException.class,
                    () -> ProcessCpu.descendantSeconds(ProcessHandle.current().pid(), "NoSuchMainClass"));
        } finally {
            child.destroy();
        }
    }
}
