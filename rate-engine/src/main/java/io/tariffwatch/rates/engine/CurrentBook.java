package io.tariffwatch.rates.engine;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.persistence.AppliedEvent;
import io.tariffwatch.rates.persistence.ReplicaRepository;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The book this replica answers from, and the rebuild generation of the database it was loaded at (a follower
 * reloads when the leader rebuilt). Loaded on first use; then replaced whole as events are applied. Reads are
 * lock-free; changes, and the first load, happen under the engine's monitor (so a reader's first load never
 * races the engine's own).
 */
final class CurrentBook {
    private static final Logger LOG = Logger.getLogger(CurrentBook.class);

    private final ReplicaRepository replicas;
    private final Function<String, PolicyEvent> parse;
    private final Object engineMonitor;
    private volatile TariffBook book;
    private long generation;

    CurrentBook(ReplicaRepository replicas, Function<String, PolicyEvent> parse, Object engineMonitor) {
        this.replicas = replicas;
        this.parse = parse;
        this.engineMonitor = engineMonitor;
    }

    TariffBook get() {
        TariffBook b = book;
        if (b == null) {
            synchronized (engineMonitor) {
                if (book == null) {
                    book = load();
                }
                b = book;
            }
        }
        return b;
    }

    boolean loaded() {
        return book != null;
    }

    /** The book as it is, without loading it: null before the first load. */
    TariffBook current() {
        return book;
    }

    void replace(TariffBook next) {
        book = next;
    }

    /** The book of the events recorded in the database; its generation becomes this replica's. Not yet current:
     * the caller replaces the book when it is done with it. */
    TariffBook load() {
        record Stored(long generation, List<String> applied) {
        }
        Stored stored = QuarkusTransaction.requiringNew().call(() -> new Stored(replicas.bookGeneration(),
                AppliedEvent.payloadsInOrder()));
        generation = stored.generation();
        TariffBook loaded = TariffBook.empty().withAll(stored.applied().stream().map(parse).toList());
        LOG.infof("loaded %d applied events (generation %d)", stored.applied().size(), stored.generation());
        return loaded;
    }

    /** Whether the leader rebuilt since this book was loaded. */
    boolean outdated() {
        return QuarkusTransaction.requiringNew().call(replicas::bookGeneration) != generation;
    }

    /** This replica rebuilt the database's book: its generation is the new one. */
    void rebuilt(TariffBook rebuilt, long newGeneration) {
        generation = newGeneration;
        book = rebuilt;
    }
}
