package io.tariffwatch.rates.domain;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One imposer's facts in publishing order, with the ids of the events they came from: an immutable view of the
 * first {@code size} facts of a log that successive books share. Appending to the newest view writes into the
 * log itself, so a book that gains a batch costs what the batch holds, not everything the imposer held before
 * (copying a 100,000-fact imposer per poll was half of applying a batch to it). Appending to an older view, which
 * the log has grown past, copies.
 */
final class FactLog extends AbstractList<Fact> implements RandomAccess {
    private final Log log;
    private final int size;

    /** The facts written so far; only the book that holds the newest view appends, one thread at a time. */
    private static final class Log {
        /** Replaced, never changed below {@code length}, when it grows: a reader of an older view finds its facts
         * in whichever array it reads (volatile: the copy is published whole). */
        private volatile Fact[] facts;
        private int length;
        /** Each event's place: the index of its first fact. */
        private final Map<String, Integer> eventAt = new ConcurrentHashMap<>();

        Log(int capacity) {
            facts = new Fact[Math.max(16, capacity)];
        }
    }

    private FactLog(Log log, int size) {
        this.log = log;
        this.size = size;
    }

    /** A log of {@code facts}, in their order. */
    static FactLog of(List<Fact> facts) {
        return new FactLog(new Log(facts.size()), 0).appended(facts);
    }

    /** This view's facts then {@code added}; in the shared log when this is its newest view. */
    FactLog appended(List<Fact> added) {
        if (added.isEmpty()) {
            return this;
        }
        synchronized (log) {
            if (log.length == size) {
                Fact[] facts = log.facts;
                if (facts.length < size + added.size()) {
                    facts = Arrays.copyOf(facts, Math.max(2 * facts.length, size + added.size()));
                }
                for (int i = 0; i < added.size(); i++) {
                    Fact f = added.get(i);
                    facts[size + i] = f;
                    log.eventAt.putIfAbsent(f.sourceEventId(), size + i);
                }
                log.facts = facts;
                log.length = size + added.size();
                return new FactLog(log, log.length);
            }
        }
        FactLog copy = new FactLog(new Log(size + added.size()), 0).appended(this);
        return copy.appended(added);
    }

    /** Whether this view and {@code earlier} are of one log (appended in place, not copied): the facts they have in
     * common are the same. */
    boolean continues(FactLog earlier) {
        return earlier != null && earlier.log == log;
    }

    /** The facts ordered after {@code order}: a view's tail. */
    List<Fact> after(long order) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (get(mid).order() <= order) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return subList(low, size);
    }

    /** The order of the view's last fact; {@code Long.MIN_VALUE} when it has none. */
    long lastOrder() {
        return size == 0 ? Long.MIN_VALUE : get(size - 1).order();
    }

    /** Whether an event with this id gave the view a fact. */
    boolean containsEvent(String eventId) {
        Integer at = log.eventAt.get(eventId);
        return at != null && at < size;
    }

    @Override
    public Fact get(int index) {
        Objects.checkIndex(index, size);
        return log.facts[index];
    }

    @Override
    public int size() {
        return size;
    }
}
