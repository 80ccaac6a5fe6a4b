package io.tariffwatch.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.tariffwatch.support.persistence.GroupCommitter;
import io.tariffwatch.support.persistence.GroupCommitter.Answer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit of accepted events. The gap-free sequence makes every acceptance transaction wait for the
 * one before it to commit; so requests that arrive together are recorded together ({@link GroupCommitter}: up to
 * {@value #MAX_GROUP} requests in one transaction — one sequence lock, one outbox batch, one commit). A request
 * refused (409) is left out of the group without failing the others.
 */
@ApplicationScoped
public class GroupCommit {
    private static final int MAX_GROUP = 256;
    private static final int QUEUE = 4096;

    /** One request's checked events and who published them. */
    private record Request(List<CheckedEvent> checked, String publisher) {
    }

    private final GroupCommitter<Request, List<AcceptedEvent>> committer;

    GroupCommit(Provider<PolicyEventService> service, MeterRegistry meters) {
        this.committer = new GroupCommitter<>("ingest.group", MAX_GROUP, QUEUE, new GroupCommitter.Wording(
                "too many events waiting to be recorded; try again shortly",
                "the event may still be recorded: publish it again (the same id and content is answered 200)",
                "policy-ingest is stopping; publish again"), meters, group -> recorded(service.get(), group));
    }

    /** Records one request's checked events; waits for the group's commit. */
    List<AcceptedEvent> record(List<CheckedEvent> checked, String publisher) {
        return committer.record(new Request(checked, publisher));
    }

    /** Queues one request's checked events without ever blocking the caller ({@link GroupCommitter#recordLater}). */
    CompletableFuture<List<AcceptedEvent>> recordLater(List<CheckedEvent> checked, String publisher) {
        return committer.recordLater(new Request(checked, publisher));
    }

    /** Queues one request's checked events for the next group ({@link GroupCommitter#submit}). */
    CompletableFuture<List<AcceptedEvent>> submit(List<CheckedEvent> checked, String publisher) {
        return committer.submit(new Request(checked, publisher));
    }

    /** A submitted request's accepted events once its group committed; its refusal, or unavailable. */
    List<AcceptedEvent> answer(CompletableFuture<List<AcceptedEvent>> submitted) {
        return committer.answer(submitted);
    }

    /** The group's events with the next sequences, in the group's transaction. */
    private static List<Answer<List<AcceptedEvent>>> recorded(PolicyEventService events, List<Request> group) {
        PolicyEventService.SequenceRun run = events.begin(group.stream()
                .flatMap(r -> r.checked().stream().map(c -> c.event().id())).distinct().toList());
        List<Answer<List<AcceptedEvent>>> answers = new ArrayList<>(group.size());
        for (Request r : group) {
            PolicyEventService.Recorded recorded = events.record(r.checked(), r.publisher(), run);
            answers.add(recorded.refusal() != null ? Answer.refused(recorded.refusal()) : Answer.of(recorded.accepted()));
        }
        events.finish(run);
        return answers;
    }

    @PreDestroy
    void stop() {
        committer.stop();
    }
}
