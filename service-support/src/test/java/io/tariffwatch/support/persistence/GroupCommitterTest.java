package io.tariffwatch.support.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tariffwatch.support.domain.Refused;
import io.tariffwatch.support.persistence.GroupCommitter.Answer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests queued while a group is written are written together in the next, each answered its own answer. */
class GroupCommitterTest {
    private static final GroupCommitter.Wording WORDING =
            new GroupCommitter.Wording("queue full", "it may be written", "stopping");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Every group the writer was given, in order. */
    private final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    /** Holds the writer inside its first group until released. */
    private final CountDownLatch firstGroupWriting = new CountDownLatch(1);
    private final CountDownLatch releaseFirstGroup = new CountDownLatch(1);
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger rollbacks = new AtomicInteger();
    private GroupCommitter<Integer, String> committer;

    @AfterEach
    void stop() {
        releaseFirstGroup.countDown();
        if (committer != null) {
            committer.stop();
        }
    }

    /** Doubles each request; refuses 13 (a conflict of its own); throws for -1 (the whole group fails). */
    private List<Answer<String>> write(List<Integer> group) {
        groups.add(List.copyOf(group));
        if (groups.size() == 1) {
            firstGroupWriting.countDown();
            await(releaseFirstGroup);
        }
        if (group.contains(-1)) {
            throw new IllegalStateException("the database went away");
        }
        return group.stream().map(r -> r == 13 ? Answer.<String>refused(Refused.conflict("13 is taken"))
                : Answer.of("written " + 2 * r)).toList();
    }

    private GroupCommitter<Integer, String> committer(int maxGroup, int capacity, GroupCommitter.Writer<Integer, String> writer) {
        committer = new GroupCommitter<>("test.group", maxGroup, capacity, WORDING, meters, writer, work -> {
            try {
                work.run();
                commits.incrementAndGet();
            } catch (RuntimeException e) {
                rollbacks.incrementAndGet();
                throw e;
            }
        });
        return committer;
    }

    @Test
    void requestsQueuedMeanwhileAreWrittenTogetherEachAnsweredItsOwn() throws Exception {
        committer(256, 100, this::write);
        CompletableFuture<String> first = firstGroupHeld();
        List<CompletableFuture<String>> later = submitted(1, 20);
        assertEquals(20.0, meters.get("tariffwatch.test.group.waiting").gauge().value(), "queued behind the first group");
        releaseFirstGroup.countDown();
        assertEquals("written 0", committer.answer(first));
        for (int i = 1; i <= 20; i++) {
            if (i == 13) {
                CompletableFuture<String> refused = later.get(i - 1);
                Refused r = assertThrows(Refused.class, () -> committer.answer(refused));
                assertEquals(Refused.Reason.CONFLICT, r.reason(), "refused alone");
            } else {
                assertEquals("written " + 2 * i, committer.answer(later.get(i - 1)));
            }
        }
        assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)),
                groups, "one group of what waited, in order");
        assertEquals(2, commits.get(), "one transaction a group, the refusal inside it");
        assertEquals(21.0, meters.get("tariffwatch.test.group.requests").summary().totalAmount());
        assertEquals(2, meters.get("tariffwatch.test.group.requests").summary().count());
        assertEquals(2, meters.get("tariffwatch.test.group.commit").timer().count());
        assertEquals(0.0, meters.get("tariffwatch.test.group.waiting").gauge().value());
    }

    @Test
    void aGroupIsAtMostMaxGroupRequests() throws Exception {
        committer(4, 100, this::write);
        CompletableFuture<String> first = firstGroupHeld();
        List<CompletableFuture<String>> later = submitted(1, 10);
        releaseFirstGroup.countDown();
        committer.answer(first);
        for (CompletableFuture<String> f : later) {
            committer.answer(f);
        }
        assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10)), groups);
    }

    @Test
    void aFailedTransactionFailsEveryRequestOfItsGroupAndNoOther() throws Exception {
        committer(256, 100, this::write);
        CompletableFuture<String> first = firstGroupHeld();
        CompletableFuture<String> sameGroup = committer.submit(5);
        CompletableFuture<String> failing = committer.submit(-1);
        releaseFirstGroup.countDown();
        assertEquals("written 0", committer.answer(first));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> committer.answer(sameGroup));
        assertEquals("the database went away", e.getMessage());
        assertThrows(IllegalStateException.class, () -> committer.answer(failing));
        assertEquals(1, rollbacks.get());
        assertEquals("written 14", committer.record(7), "the next group is written as usual");
    }

    @Test
    void aWriterThatAnswersTooFewRequestsRollsBackItsGroup() {
        committer(256, 100, group -> List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> committer.record(1));
        assertEquals("0 answers for 1 requests", e.getMessage());
        assertEquals(1, rollbacks.get());
        assertEquals(0, commits.get());
    }

    @Test
    void recordLaterIsRefusedAtOnceWhileTheQueueIsFull() throws Exception {
        committer(256, 2, this::write);
        CompletableFuture<String> first = committer.recordLater(0);
        await(firstGroupWriting);
        CompletableFuture<String> a = committer.recordLater(1);
        CompletableFuture<String> b = committer.recordLater(2);
        Refused full = assertThrows(Refused.class, () -> committer.recordLater(3));
        assertTrue(full.transientRefusal());
        assertEquals("queue full", full.getMessage());
        releaseFirstGroup.countDown();
        assertEquals("written 0", first.get(5, TimeUnit.SECONDS));
        assertEquals("written 2", a.get(5, TimeUnit.SECONDS));
        assertEquals("written 4", b.get(5, TimeUnit.SECONDS));
    }

    @Test
    void stoppingAnswersWhatWaitsUnavailableAndTakesNothingMore() throws Exception {
        committer(256, 100, this::write);
        CompletableFuture<String> first = firstGroupHeld();
        CompletableFuture<String> waiting = committer.submit(1);
        committer.stop();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
        Refused refused = (Refused) e.getCause();
        assertTrue(refused.transientRefusal());
        assertEquals("stopping", refused.getMessage());
        Refused after = assertThrows(Refused.class, () -> committer.submit(2));
        assertEquals("stopping", after.getMessage());
        // the committer was interrupted inside its group: that group is answered too, whichever way it ended
        assertTrue(first.handle((written, failure) -> true).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aRefusalIsTheSameObjectTheWriterGave() {
        Refused taken = Refused.conflict("taken");
        committer(256, 100, group -> group.stream().map(r -> Answer.<String>refused(taken)).toList());
        assertSame(taken, assertThrows(Refused.class, () -> committer.record(1)));
    }

    /** Submits 0 and holds its group inside the writer: what is submitted meanwhile waits for the next group. */
    private CompletableFuture<String> firstGroupHeld() {
        CompletableFuture<String> first = committer.submit(0);
        await(firstGroupWriting);
        return first;
    }

    private List<CompletableFuture<String>> submitted(int from, int to) {
        List<CompletableFuture<String>> submitted = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            submitted.add(committer.submit(i));
        }
        return submitted;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "waited 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
