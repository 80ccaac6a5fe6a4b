package io.tariffwatch.system.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fan-out bench's webhook receiver: answers each webhook 204 and keeps only when it arrived. It must cost less
 * than what it measures — the JDK {@code HttpServer} receiver of the other tests took 0.5–0.7 of this machine's two
 * cores during a fan-out of 26,000 webhooks (JFR: its request parsing and header maps, a Date header formatted per
 * answer, a selector handing every exchange to a pool). Here, as in {@link LoadGenerator}: blocking sockets, a thread
 * per keep-alive connection (alert-service opens 16 per host), bodies read and dropped.
 */
public final class WebhookSink implements AutoCloseable {
    public static final String PATH = "/hooks/tariffs";
    private static final int MAX_CONNECTIONS = 256;
    private static final int READ_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final String WEBHOOK_ID = "webhook-id";
    private static final Set<String> HEADERS_READ = Set.of(WEBHOOK_ID);
    private static final byte[] NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    /** Guarded by itself, with {@link #received}: a reader sees every arrival it counts. */
    private final long[] arrivals;
    private int received;
    private final AtomicInteger rejected = new AtomicInteger();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    /** @param capacity how many arrival times are kept (later webhooks are counted, not timed) */
    public WebhookSink(int capacity) throws IOException {
        arrivals = new long[capacity];
        server = new ServerSocket(0, MAX_CONNECTIONS, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "webhook-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + PATH;
    }

    /** Webhooks answered 204 so far. */
    public int received() {
        synchronized (arrivals) {
            return received;
        }
    }

    /** Requests answered 400: not a POST to {@link #PATH} with a webhook-id and a Content-Length body. */
    public int rejected() {
        return rejected.get();
    }

    /** The kept arrival times ({@link System#nanoTime()}, the head of each request read whole), in order. */
    public long[] arrivalsSorted() {
        long[] at;
        synchronized (arrivals) {
            at = Arrays.copyOf(arrivals, Math.min(received, arrivals.length));
        }
        Arrays.sort(at);
        return at;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (connections.size() >= MAX_CONNECTIONS) {
                    socket.close();
                    continue;
                }
                connections.add(socket);
                Thread t = new Thread(() -> serve(socket), "webhook-sink-" + socket.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // the server socket closed: the sink is done
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            while (answer(in, out)) {
                // one request after another on the keep-alive connection
            }
        } catch (IOException e) {
            // the sender closed the connection or cut it off mid-request (it retries), or the sink closed
        } finally {
            connections.remove(socket);
        }
    }

    /** Reads one request and answers it; false when the connection ends. */
    private boolean answer(InputStream in, OutputStream out) throws IOException {
        Http1.Head head;
        try {
            head = Http1.Head.read(in, HEADERS_READ);
        } catch (IOException e) {
            return false; // closed between requests, or cut off
        }
        long at = System.nanoTime();
        long length = head.contentLength();
        if (!head.startLine().startsWith("POST " + PATH + " ") || !head.names().contains(WEBHOOK_ID) || length < 0
                || length > MAX_BODY_BYTES) {
            rejected.incrementAndGet();
            out.write(BAD_REQUEST);
            out.flush();
            return false;
        }
        Http1.skip(in, length);
        synchronized (arrivals) {
            if (received < arrivals.length) {
                arrivals[received] = at;
            }
            received++;
        }
        out.write(NO_CONTENT);
        out.flush();
        return head.keepAlive();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
