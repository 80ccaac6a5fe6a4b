package io.tariffwatch.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A real HTTP receiver that records every webhook request it gets and answers 204. */
final class WebhookReceiver implements AutoCloseable {
    /** @param atNanos when the request's body had been read ({@link System#nanoTime()}) */
    record Received(Map<String, String> headers, String body, long atNanos) {
    }

    private final HttpServer server;
    final List<Received> received = new AppendOnlyList<>();
    /** The webhook-ids this receiver has answered 2xx for, in order; a request whose answer was cut off by
     * the sender's death is received but not answered. */
    final List<String> answered = new AppendOnlyList<>();

    WebhookReceiver() throws IOException {
        this(0);
    }

    /** @param delayMillis how long each answer takes, as a real receiver's work would */
    WebhookReceiver(long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
        server.createContext("/hooks/tariffs", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(Map.of(
                        "webhook-id", exchange.getRequestHeaders().getFirst("webhook-id"),
                        "webhook-timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        "webhook-signature", exchange.getRequestHeaders().getFirst("webhook-signature")), body,
                        System.nanoTime()));
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(204, -1);
                answered.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/tariffs";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
