package io.tariffwatch.ingest.service;

import io.micrometer.core.instrument.DistributionSummary;
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
    }

    /** Records one request's checked events; waits for the group's commit. */
    List<AcceptedEvent> record(List<CheckedEvent> checked, String publisher) {
        return answer(submit(checked, publisher));
    }

    /** Queues one request's checked events for the next group, without waiting: a caller with many independent
     * requests (a poll of the intake topic) queues them all, in order, then takes each {@link #answer}. */
    CompletableFuture<List<AcceptedEvent>> submit(List<CheckedEvent> checked, String publisher) {
        start();
        Pending pending = new Pending(checked, publisher, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, ENQUEUE_SECONDS, TimeUnit.SECONDS)) {
                throw unavailable("too many events waiting to be recorded; try again shortly");
            }
            return pending.result();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while recording");
        }
    }

    /** A submitted request's accepted events once its group committed; its refusal, or unavailable. */
    List<AcceptedEvent> answer(CompletableFuture<List<AcceptedEvent>> submitted) {
        try {
            return submitted.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while recording");
        } catch (TimeoutException e) {
            throw unavailable("recording took longer than " + ANSWER_SECONDS + " s; the event may still be recorded: "
                    + "publish it again (the same id and content is answered 200)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
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
