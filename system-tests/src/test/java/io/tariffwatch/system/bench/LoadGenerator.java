package io.tariffwatch.system.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP load generator, as wrk runs one: {@code connections} requests in flight at all
 * times for a fixed duration, each answered request followed at once by the next. Counts the answers
 * with the expected status and records every latency.
 */
public final class LoadGenerator {
    /** What a run measured: answers per second and latency percentiles in milliseconds. */
    public record Result(long requests, long unexpected, double perSecond, double p50Millis, double p99Millis) {
    }

    private LoadGenerator() {
    }

    /** @param request the n-th request to send (n counts from 0 over the whole run) */
    public static Result run(int connections, Duration duration, int expectedStatus, LongFunction<HttpRequest> request)
            throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        HttpClient client = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong sequence = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            loops.add(loop(client, end, expectedStatus, request, sequence, unexpected, latencies));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).orTimeout(duration.toSeconds() + 60,
                TimeUnit.SECONDS).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        executor.shutdownNow();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted.size(), unexpected.get(), (sorted.size() - unexpected.get()) / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static CompletableFuture<Void> loop(HttpClient client, long end, int expectedStatus,
                                                LongFunction<HttpRequest> request, AtomicLong sequence,
                                                AtomicLong unexpected, List<Long> latencies) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        long sent = System.nanoTime();
        return client.sendAsync(request.apply(sequence.getAndIncrement()), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    latencies.add(System.nanoTime() - sent);
                    if (error != null || response.statusCode() != expectedStatus) {
                        unexpected.incrementAndGet();
                    }
                    return null;
                })
                .thenCompose(ignored -> loop(client, end, expectedStatus, request, sequence, unexpected, latencies));
    }

    /** The q-quantile of sorted nanosecond values, in milliseconds. */
    public static double percentile(List<Long> sortedNanos, double q) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(q * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }
}
