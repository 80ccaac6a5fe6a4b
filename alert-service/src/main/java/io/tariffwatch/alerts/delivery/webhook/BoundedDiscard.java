package io.tariffwatch.alerts.delivery.webhook;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads at most {@code limit} bytes of a receiver's answer and throws them away: the status decides the
 * outcome, and a receiver that streams an endless body must not hold a delivery slot. Past the limit the
 * exchange is cancelled and the answer counts as complete.
 */
final class BoundedDiscard implements HttpResponse.BodySubscriber<Void> {
    private final long limit;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long read;

    private BoundedDiscard(long limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<Void> handler(long limit) {
        return info -> new BoundedDiscard(limit);
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            read += b.remaining();
        }
        if (read > limit) {
            subscription.cancel();
            done.complete(null);
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable e) {
        done.completeExceptionally(e);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }
}
