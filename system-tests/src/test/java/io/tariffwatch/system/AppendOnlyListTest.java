package io.tariffwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AppendOnlyListTest {
    @Test
    void everyAppendOfManyThreadsIsKeptAndReadersNeverSeeAHole() throws Exception {
        AppendOnlyList<String> list = new AppendOnlyList<>();
        ExecutorService threads = Executors.newFixedThreadPool(9);
        AtomicBoolean appending = new AtomicBoolean(true);
        try {
            Future<Integer> reader = threads.submit(() -> {
                int reads = 0;
                while (appending.get()) {
                    for (String s : list) { // a prefix: every element it shows is there
                        assertNotNull(s);
                        reads++;
                    }
                }
                return reads;
            });
            List<Future<?>> writers = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        list.add(writer + "-" + i);
                    }
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            appending.set(false);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(80_000, list.size());
        Set<String> distinct = new HashSet<>(list);
        assertEquals(80_000, distinct.size());
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(80_000));
    }
}
