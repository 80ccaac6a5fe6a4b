package io.tariffwatch.ingest.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tariffwatch.support.domain.Refused;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Group commit of accepted events. The gap-free sequence makes every acceptance transaction wait for the
 * one before it to commit; so requests that arrive together are recorded together: one committer thread
 * takes whatever is queued (up to {@value #MAX_GROUP} requests) and records it in one transaction — one
 * sequence lock, one outbox batch, one commit — then answers each request. A request refused (409) is
 * left out of the group without failing the others; a failed transaction fails every request of the group
 * (nothing of it was recorded, the callers may retry).
 */
@ApplicationScoped
public class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    static final int MAX_GROUP = 256;
    private static final int QUEUE = 4096;
    private static final long ENQUEUE_SECONDS = 5;
    private static final long ANSWER_SECONDS = 30;
    private static final String QUEUE_FULL = "too many events waiting to be recorded; try again shortly";

    private record Pending(List<CheckedEvent> checked, String publisher,
                           CompletableFuture<List<AcceptedEvent>> result) {
    }

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Provider<PolicyEventService> service;
    private final Timer commitTime;
    private final DistributionSummary groupSizes;
    private Thread committer;
    private volatile boolean stopping;

    GroupCommit(Provider<PolicyEventService> service, MeterRegistry meters) {
        this.service = service;
        // a group's time bounds the throughput: requests arriving meanwhile wait for the next group
        this.commitTime = Timer.builder("tariffwatch.ingest.group.commit")
                .description("one group's transaction: sequence, lookup, inserts, commit").register(meters);
        this.groupSizes = DistributionSummary.builder("tariffwatch.ingest.group.requests")
                .description("requests recorded together in one group").register(meters);
        Gauge.builder("tariffwatch.ingest.group.waiting", queue, BlockingQueue::size)
                .description("requests queued for the next group: a queue that stays long is a database that is slow")
                .register(meters);
    }

    /** Records one request's checked events; waits for the group's commit. */
    List<AcceptedEvent> record(List<CheckedEvent> checked, String publisher) {
        return answer(submit(checked, publisher));
    }

    /**
     * Queues one request's checked events without ever blocking the caller — an I/O thread: refused at once while
     * {@value #QUEUE} requests wait (a thread that blocks instead would stall every connection it serves). The
     * answer comes when its group commits: its accepted events, its refusal, or unavailable after
     * {@value #ANSWER_SECONDS} s.
     */
    CompletableFuture<List<AcceptedEvent>> recordLater(List<CheckedEvent> checked, String publisher) {
        Pending pending = pending(checked, publisher);
        if (!queue.offer(pending)) {
            throw unavailable(QUEUE_FULL);
        }
        CompletableFuture<List<AcceptedEvent>> answered = new CompletableFuture<>();
        pending.result().orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS).whenComplete((accepted, failure) -> {
            if (failure == null) {
                answered.complete(accepted);
            } else {
                answered.completeExceptionally(failure instanceof TimeoutException ? tookTooLong() : failure);
            }
        });
        return answered;
    }

    /** Queues one request's checked events for the next group, waiting up to {@value #ENQUEUE_SECONDS} s for room:
     * a caller with many independent requests (a poll of the intake topic) queues them all, in order, then takes
     * each {@link #answer}. */
    CompletableFuture<List<AcceptedEvent>> submit(List<CheckedEvent> checked, String publisher) {
        Pending pending = pending(checked, publisher);
        try {
            if (!queue.offer(pending, ENQUEUE_SECONDS, TimeUnit.SECONDS)) {
                throw unavailable(QUEUE_FULL);
            }
            return pending.result();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while recording");
        }
    }

    private Pending pending(List<CheckedEvent> checked, String publisher) {
        start();
        return new Pending(checked, publisher, new CompletableFuture<>());
    }

    /** A submitted request's accepted events once its group committed; its refusal, or unavailable. */
    List<AcceptedEvent> answer(CompletableFuture<List<AcceptedEvent>> submitted) {
        try {
            return submitted.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while recording");
        } catch (TimeoutException e) {
            throw tookTooLong();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Refused tookTooLong() {
        return unavailable("recording took longer than " + ANSWER_SECONDS + " s; the event may still be recorded: "
                + "publish it again (the same id and content is answered 200)");
    }

    private synchronized void start() {
        if (committer == null) {
            committer = new Thread(this::commitLoop, "ingest-group-commit");
            committer.setDaemon(true);
            committer.start();
        }
    }

    private void commitLoop() {
        while (!stopping) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> group = new ArrayList<>();
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "group commit: unexpected failure");
            }
        }
    }

    private void commit(List<Pending> group) {
        groupSizes.record(group.size());
        commitTime.record(() -> commitTogether(group));
    }

    private void commitTogether(List<Pending> group) {
        PolicyEventService events = service.get();
        Map<Pending, PolicyEventService.Recorded> outcomes = new HashMap<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                PolicyEventService.SequenceRun run = events.begin(group.stream()
                        .flatMap(p -> p.checked().stream().map(c -> c.event().id())).distinct().toList());
                for (Pending p : group) {
                    outcomes.put(p, events.record(p.checked(), p.publisher(), run));
                }
                events.finish(run);
            });
        } catch (RuntimeException e) {
            LOG.warnf("group commit: %d request(s) not recorded: %s", group.size(), e.getMessage());
            group.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        for (Pending p : group) {
            PolicyEventService.Recorded r = outcomes.get(p);
            if (r.refusal() != null) {
                p.result().completeExceptionally(r.refusal());
            } else {
                p.result().complete(r.accepted());
            }
        }
    }

    private static Refused unavailable(String detail) {
        return Refused.unavailable(detail);
    }

    @PreDestroy
    synchronized void stop() {
        stopping = true;
        if (committer != null) {
            committer.interrupt();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(unavailable("policy-ingest is stopping; publish again"));
        }
    }
}
