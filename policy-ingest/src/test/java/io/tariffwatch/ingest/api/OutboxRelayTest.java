package io.tariffwatch.ingest.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Topics;
import io.tariffwatch.support.outbox.Outbox;
import io.tariffwatch.support.outbox.OutboxRelay;
import io.tariffwatch.testing.KafkaTestClient;
import io.tariffwatch.testing.LocalInfraTestResource;
import io.tariffwatch.testing.TableReads;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/**
 * Many transactions adding records at once, as a burst does: the relay publishes each record once, each
 * transaction's records in the order it added them, and no relay run fails (a run whose commit fails publishes its
 * batch again). A transaction adds more records than the outbox writes with one statement, so its order must hold
 * across statements too.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class OutboxRelayTest {
    private static final int TRANSACTIONS = 8;
    private static final int RECORDS_PER_TRANSACTION = 600;

    @Inject
    Outbox outbox;

    @Inject
    MeterRegistry meters;

    @Inject
    OutboxRelay relay;

    @Test
    void recordsAddedByManyTransactionsArePublishedOnceEachInOrderWithoutAFailedRun() throws Exception {
        double failuresBefore = failures();
        String burst = "relay-" + UUID.randomUUID() + "-";
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> added = new ArrayList<>();
            for (int t = 0; t < TRANSACTIONS; t++) {
                int transaction = t;
                List<PolicyEvent> events = IntStream.range(0, RECORDS_PER_TRANSACTION)
                        .mapToObj(i -> event(burst, transaction, i)).toList();
                added.add(writers.submit(() -> QuarkusTransaction.requiringNew().run(() -> outbox.addAll(events))));
            }
            for (Future<?> f : added) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        int expected = TRANSACTIONS * RECORDS_PER_TRANSACTION;
        List<String> published = ids(KafkaTestClient.readAll(Topics.POLICY_EVENTS, Duration.ofSeconds(90),
                records -> ids(records, burst).size() >= expected), burst);
        Map<String, Long> copies = published.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(expected, copies.size(), "every record published");
        assertEquals(Map.of(), copies.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no record published twice");
        for (int t = 0; t < TRANSACTIONS; t++) {
            String transaction = burst + t + "-";
            List<String> inOrder = published.stream().filter(id -> id.startsWith(transaction)).toList();
            assertEquals(IntStream.range(0, RECORDS_PER_TRANSACTION).mapToObj(i -> transaction + i).toList(), inOrder,
                    "a transaction's records in the order it added them");
        }
        assertEquals(failuresBefore, failures(), "no relay run failed");
    }

    static PolicyEvent event(String burst, int transaction, int i) {
        return Json.mapper().convertValue(Map.of("id", burst + transaction + "-" + i, "kind", "HIKE", "imposer", "ZZ"),
                PolicyEvent.class);
    }

    /** The ids of the policy events among {@code records} whose ids start with {@code burst}, in topic order. */
    static List<String> ids(List<ConsumerRecord<String, String>> records, String burst) {
        return records.stream().map(r -> parse(r.value()).id()).filter(id -> id.startsWith(burst)).toList();
    }

    private static PolicyEvent parse(String json) {
        try {
            return Json.mapper().readValue(json, PolicyEvent.class);
        } catch (Exception e) {
            throw new IllegalStateException("not a policy event on the topic: " + json, e);
        }
    }

    private double failures() {
        return count(meters, "tariffwatch.outbox.failures");
    }

    /** A counter's count so far; 0 before it was first incremented (it is registered then). */
    static double count(MeterRegistry meters, String counter) {
        Counter found = meters.find(counter).counter();
        return found == null ? 0 : found.count();
    }

    private record RelayRun(int settled, TableReads outboxReads) {
    }

    /** A run reads the records waiting and deletes those published through the outbox's indexes: the table is a
     * queue whose heap holds every deleted record until vacuumed, and planned as the empty table it once was, a scan of
     * it had cost 5.8 ms a read and 14 ms a delete in the bench. */
    @Test
    void aRunReadsAndSettlesThroughTheIndexesNeverByScanningTheOutbox() {
        // the run is this test's own transaction, which adds its records too (a background run may hold the lock: again)
        RelayRun run = await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            Session session = Panache.getEntityManager().unwrap(Session.class);
            session.doWork(TableReads::scansLookFree);
            TableReads before = session.doReturningWork(connection -> TableReads.inTransactionOf(connection, "outbox"));
            String records = "relay-reads-" + UUID.randomUUID() + "-";
            outbox.addAll(IntStream.range(0, 5).mapToObj(i -> event(records, 0, i)).toList());
            int settled = relay.publishBatch().settled();
            return new RelayRun(settled, session.doReturningWork(
                    connection -> TableReads.inTransactionOf(connection, "outbox")).since(before));
        }), r -> r.settled() > 0);
        assertEquals(0, run.outboxReads().scans(), "no scan of the outbox: " + run);
        assertTrue(run.outboxReads().indexReads() >= 2, "read and deleted through an index: " + run);
    }
}
