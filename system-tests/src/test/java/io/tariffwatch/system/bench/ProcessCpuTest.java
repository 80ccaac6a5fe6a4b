package io.tariffwatch.system.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
