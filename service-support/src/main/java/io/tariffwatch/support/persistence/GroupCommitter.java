package io.tariffwatch.support.persistence;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tariffwatch.support.domain.Refused;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Group commit: requests that arrive together are written together. One committer thread takes whatever is
 * queued (up to {@code maxGroup} requests) and hands it to the {@link Writer} in one transaction — one commit and
 * one batch instead of one each — then answers each request. A request the writer refuses is answered its
 * refusal without failing the others (the writer returns it: a throw rolls back the whole group); a failed
 * transaction fails every request of the group (nothing of it was written, the callers may retry).
 *
 * @param <Q> one request, checked before it is queued
 * @param <A> what writing it gives its caller
 */
public final class GroupCommitter<Q, A> {
    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);
    private static final long ENQUEUE_SECONDS = 5;
    public static final long ANSWER_SECONDS = 30;

    /** Writes one group's requests inside the group's transaction: each request's answer, in their order. */
    @FunctionalInterface
    public interface Writer<Q, A> {
        List<Answer<A>> write(List<Q> group);
    }

    /** One request's answer: what writing it gave, or why it was left out. */
    public record Answer<A>(A written, Refused refusal) {
        public static <A> Answer<A> of(A written) {
            return new Answer<>(written, null);
        }

        public static <A> Answer<A> refused(Refused why) {
            return new Answer<>(null, why);
        }
    }

    /** What callers are told (503) when their request cannot be taken or answered in time. */
    public record Wording(String queueFull, String mayBeWritten, String stopping) {
    }

    private record Pending<Q, A>(Q request, CompletableFuture<A> result) {
    }

    /** Runs a group's writing in a transaction of its own, committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    interface InTransaction {
        void run(Runnable work);
    }

    private final String name;
    private final int maxGroup;
    private final Wording wording;
    private final Writer<Q, A> writer;
    private final InTransaction inTransaction;
    private final BlockingQueue<Pending<Q, A>> queue;
    private final Timer commitTime;
    private final DistributionSummary groupSizes;
    private Thread committer;
    private volatile boolean stopping;

    /**
     * @param name its thread's name and its meters' prefix ({@code tariffwatch.<name>.commit}, {@code .requests},
     *             {@code .waiting})
     * @param capacity requests that may wait for a group; more are refused (503)
     */
    public GroupCommitter(String name, int maxGroup, int capacity, Wording wording, MeterRegistry meters,
                          Writer<Q, A> writer) {
        this(name, maxGroup, capacity, wording, meters, writer, work -> QuarkusTransaction.requiringNew().run(work));
    }

    GroupCommitter(String name, int maxGroup, int capacity, Wording wording, MeterRegistry meters,
                   Writer<Q, A> writer, InTransaction inTransaction) {
        this.name = name;
        this.maxGroup = maxGroup;
        this.wording = wording;
        this.writer = writer;
        this.inTransaction = inTransaction;
        this.queue = new ArrayBlockingQueue<>(capacity);
        // a group's time bounds the throughput: requests arriving meanwhile wait for the next group
        this.commitTime = Timer.builder("tariffwatch." + name + ".commit")
                .description("one group's transaction, from its first statement to its commit").register(meters);
        this.groupSizes = DistributionSummary.builder("tariffwatch." + name + ".requests")
                .description("requests written together in one group").register(meters);
        Gauge.builder("tariffwatch." + name + ".waiting", queue, BlockingQueue::size)
                .description("requests queued for the next group: a queue that stays long is a database that is slow")
                .register(meters);
    }

    /** Writes one request with the next group; waits for the group's commit. */
    public A record(Q request) {
        return answer(submit(request));
    }

    /**
     * Queues one request without ever blocking the caller — an I/O thread: refused at once while the queue is full
     * (a thread that blocks instead would stall every connection it serves). The answer comes when its group
     * commits: what was written, its refusal, or unavailable after {@value #ANSWER_SECONDS} s.
     */
    public CompletableFuture<A> recordLater(Q request) {
        Pending<Q, A> pending = pending(request);
        if (!queue.offer(pending)) {
            throw Refused.unavailable(wording.queueFull());
        }
        CompletableFuture<A> answered = new CompletableFuture<>();
        pending.result().orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS).whenComplete((written, failure) -> {
            if (failure == null) {
                answered.complete(written);
            } else {
                answered.completeExceptionally(failure instanceof TimeoutException ? tookTooLong() : failure);
            }
        });
        return answered;
    }

    /** Queues one request for the next group, waiting up to {@value #ENQUEUE_SECONDS} s for room: a caller with
     * many independent requests (a poll of a topic) queues them all, in order, then takes each {@link #answer}. */
    public CompletableFuture<A> submit(Q request) {
        Pending<Q, A> pending = pending(request);
        try {
            if (!queue.offer(pending, ENQUEUE_SECONDS, TimeUnit.SECONDS)) {
                throw Refused.unavailable(wording.queueFull());
            }
            return pending.result();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refused.unavailable("interrupted while writing");
        }
    }

    /** A submitted request's answer once its group committed; its refusal, or unavailable. */
    public A answer(CompletableFuture<A> submitted) {
        try {
            return submitted.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refused.unavailable("interrupted while writing");
        } catch (TimeoutException e) {
            throw tookTooLong();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Refused tookTooLong() {
        return Refused.unavailable("writing took longer than " + ANSWER_SECONDS + " s; " + wording.mayBeWritten());
    }

    private Pending<Q, A> pending(Q request) {
        if (stopping) {
            throw Refused.unavailable(wording.stopping());
        }
        start();
        return new Pending<>(request, new CompletableFuture<>());
    }

    private synchronized void start() {
        if (committer == null) {
            committer = new Thread(this::commitLoop, name + "-commit");
            committer.setDaemon(true);
            committer.start();
        }
    }

    private void commitLoop() {
        while (!stopping) {
            try {
                Pending<Q, A> first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending<Q, A>> group = new ArrayList<>();
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                groupSizes.record(group.size());
                commitTime.record(() -> commit(group));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s: unexpected failure", name);
            }
        }
    }

    private void commit(List<Pending<Q, A>> group) {
        List<Q> requests = group.stream().map(Pending::request).toList();
        List<Answer<A>> answers = new ArrayList<>(requests.size());
        try {
            inTransaction.run(() -> {
                List<Answer<A>> written = writer.write(requests);
                if (written.size() != requests.size()) {
                    throw new IllegalStateException(written.size() + " answers for " + requests.size() + " requests");
                }
                answers.addAll(written);
            });
        } catch (RuntimeException e) {
            LOG.warnf("%s: %d request(s) not written: %s", name, group.size(), e.getMessage());
            group.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Answer<A> answer = answers.get(i);
            if (answer.refusal() != null) {
                group.get(i).result().completeExceptionally(answer.refusal());
            } else {
                group.get(i).result().complete(answer.written());
            }
        }
    }

    /** Stops taking requests; those still queued are answered unavailable. */
    public synchronized void stop() {
        stopping = true;
        if (committer != null) {
            committer.interrupt();
        }
        Pending<Q, A> p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(Refused.unavailable(wording.stopping()));
        }
    }
}
