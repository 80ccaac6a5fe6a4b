package io.tariffwatch.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP webhook receiver: answers from a script of status codes (then 200), records each request. */
public final class TestReceiver implements AutoCloseable {
    public record Request(Map<String, String> headers, String body, int answered, long atMillis) {
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    /** Sent with every 503 when set, as a Retry-After header. */
    public volatile String retryAfter;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    /** How long each answer takes, as a slow receiver's would (requests are answered one at a time). */
    public volatile long delayMillis;

    public TestReceiver(Integer... answers) throws IOException {
        script.addAll(List.of(answers));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status;
                synchronized (script) {
                    status = script.isEmpty() ? 200 : script.poll();
                }
                if (retryAfter != null && status == 503) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                requests.add(new Request(Map.of(
                        "webhook-id", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
                        "webhook-timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                        "webhook-signature", String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature"))),
                        body, status, System.currentTimeMillis()));
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
