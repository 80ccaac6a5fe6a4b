package io.tariffwatch.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(DEADLINE).build();

    private HttpResponse<Void> post(String url, String webhookId, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(DEADLINE)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (webhookId != null) {
            request.header("webhook-id", webhookId);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void answersEachWebhookNoContentOnOneConnectionAndTimesThemInOrder() throws Exception {
        try (WebhookSink sink = new WebhookSink(2)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(204, post(sink.url(), "msg_" + i, "{\"n\":" + i + "}").statusCode());
            }
            assertEquals(3, sink.received());
            long[] at = sink.arrivalsSorted();
            assertEquals(2, at.length, "only the capacity's first arrivals are kept");
            assertTrue(at[0] <= at[1]);
            assertEquals(0, sink.rejected());
        }
    }

    @Test
    void rejectsWhatIsNotAWebhook() throws Exception {
        try (WebhookSink sink = new WebhookSink(8)) {
            assertEquals(400, post(sink.url(), null, "{}").statusCode());
            assertEquals(400, post(sink.url().replace(WebhookSink.PATH, "/elsewhere"), "msg_1", "{}").statusCode());
            assertEquals(0, sink.received());
            assertEquals(2, sink.rejected());
        }
    }
}
