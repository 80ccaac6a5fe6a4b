package io.tariffwatch.system.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP/1.1 load generator, as wrk runs one: {@code connections} keep-alive connections, each
 * sending its next request as soon as the last one was answered, for a fixed duration. Plain blocking
 * sockets, a thread per connection and no client library: the generator must cost less than what it
 * measures. Counts the answers with the expected status and records every latency.
 */
public final class LoadGenerator {
    private static final int TIMEOUT_MILLIS = 30_000;

    /** What a run measured: answers per second and latency percentiles in milliseconds. */
    public record Result(long requests, long unexpected, double perSecond, double p50Millis, double p99Millis) {
    }

    /** One request: method, path with query, extra headers ("Name: value" lines) and body (may be empty). */
    public record Request(String method, String path, List<String> headers, String body) {
        public static Request get(String path) {
            return new Request("GET", path, List.of(), "");
        }

        public static Request postJson(String path, String body, String... headers) {
            List<String> all = new ArrayList<>(List.of("Content-Type: application/json"));
            all.addAll(List.of(headers));
            return new Request("POST", path, all, body);
        }

        byte[] bytes(String host) {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append("\r\nContent-Length: ").append(content.length).append("\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[h.length + content.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(content, 0, all, h.length, content.length);
            return all;
        }
    }

    private LoadGenerator() {
    }

    /** @param request the n-th request to send (n counts from 0 over the whole run) */
    public static Result run(int connections, Duration duration, int expectedStatus, URI base,
                             LongFunction<Request> request) throws InterruptedException {
        return run(connections, duration, expectedStatus, List.of(base), request);
    }

    /** The connections spread evenly over {@code bases} (replicas of one service), connection i to base i mod n. */
    public static Result run(int connections, Duration duration, int expectedStatus, List<URI> bases,
                             LongFunction<Request> request) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            URI base = bases.get(i % bases.size());
            InetSocketAddress target = new InetSocketAddress(base.getHost(), base.getPort());
            String host = base.getHost() + ":" + base.getPort();
            Thread t = new Thread(() -> connection(target, host, end, expectedStatus, request, sequence, unexpected,
                    latencies), "load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(duration.toMillis() + 2L * TIMEOUT_MILLIS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        return new Result(sorted.size(), unexpected.get(), (sorted.size() - unexpected.get()) / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static void connection(InetSocketAddress target, String host, long end, int expectedStatus,
                                   LongFunction<Request> request, AtomicLong sequence, AtomicLong unexpected,
                                   List<Long> latencies) {
        List<Long> mine = new ArrayList<>();
        Socket socket = null;
        InputStream in = null;
        try {
            while (System.nanoTime() < end) {
                if (socket == null) {
                    socket = open(target);
                    in = buffered(socket);
                }
                long sent = System.nanoTime();
                int status;
                boolean keepAlive;
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request.apply(sequence.getAndIncrement()).bytes(host));
                    out.flush();
                    Response r = Response.read(in);
                    status = r.status();
                    keepAlive = r.keepAlive();
                } catch (IOException e) {
                    status = -1;
                    keepAlive = false;
                }
                mine.add(System.nanoTime() - sent);
                if (status != expectedStatus) {
                    unexpected.incrementAndGet();
                }
                if (!keepAlive) {
                    close(socket);
                    socket = null;
                }
            }
        } finally {
            close(socket);
            latencies.addAll(mine);
        }
    }

    private static Socket open(InetSocketAddress target) {
        try {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout(TIMEOUT_MILLIS);
            s.connect(target, TIMEOUT_MILLIS);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to " + target, e);
        }
    }

    private static InputStream buffered(Socket s) {
        try {
            return new BufferedInputStream(s.getInputStream(), 16 * 1024);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** The status of an HTTP/1.1 response read whole from the stream, and whether the connection stays open. */
    private record Response(int status, boolean keepAlive) {
        static Response read(InputStream in) throws IOException {
            Http1.Head head = Http1.Head.read(in, Set.of());
            int status = Integer.parseInt(head.startLine().split(" ")[1]);
            if (head.chunked()) {
                for (long size = Long.parseLong(Http1.line(in).split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(Http1.line(in).split(";")[0].trim(), 16)) {
                    Http1.skip(in, size);
                    Http1.line(in);
                }
                Http1.line(in);
            } else if (head.contentLength() > 0) {
                Http1.skip(in, head.contentLength());
            }
            return new Response(status, head.keepAlive());
        }
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
