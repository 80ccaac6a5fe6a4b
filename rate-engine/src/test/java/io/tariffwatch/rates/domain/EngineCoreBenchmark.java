package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.announcing.Announcements;
import io.tariffwatch.rates.announcing.DutyTimelines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The engine's domain core under JMH: apply one event to a book of a synthetic history (book, timelines
 * of the touched pairs, the announcement diff) and answer one query. Run by {@code EngineCoreBenchmarkTest}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineCoreBenchmark {
    static final int HISTORY = 2_000;
    private static final List<String> IMPOSERS = List.of("US", "CN", "CA", "MX", "JP", "IN", "BR", "KR", "GB", "AU");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private TariffBook book;
    private final DutyTimelines timelines = new DutyTimelines();
    private final Announcements announcements = new Announcements();
    private PolicyEvent onePartner;
    private PolicyEvent everyPartner;
    private final AtomicLong ids = new AtomicLong();

    @Setup
    public void history() {
        Random random = new Random(7);
        TariffBook b = TariffBook.empty();
        for (int i = 0; i < HISTORY; i++) {
            String imposer = IMPOSERS.get(i % IMPOSERS.size());
            List<String> partners = new ArrayList<>(Countries.allExcept(imposer)).subList(0, 24);
            Ev e = Ev.hike("h" + i, imposer + "-M" + random.nextInt(8), 5 + random.nextInt(40),
                    "2025-" + String.format("%02d", 1 + random.nextInt(12)) + "-01").imposer(imposer)
                    .targets(partners.get(random.nextInt(partners.size())));
            if (random.nextInt(3) == 0) {
                e.productRate(String.format("%04d", 100 + random.nextInt(50) * 100), random.nextInt(60));
            }
            b = b.with(e.build((long) i + 1));
        }
        book = b;
        DutyTimelines.Update all = timelines.compute(book, book.pairs());
        Announcements.Round round = announcements.revise(all.keys(), all::of, NOW, () -> "a" + ids.incrementAndGet());
        announcements.accept(round);
        timelines.accept(all);
        onePartner = Ev.hike("next", "US-M1", 33, "2025-06-15").targets("CN").productRate("8517", 0)
                .build((long) HISTORY + 1);
        everyPartner = Ev.of("everyone", Kind.HIKE).measure("US-M2").rate(10).from("2025-04-05").targets("*")
                .build((long) HISTORY + 2);
    }

    /** One event on one pair: the new book, the pair's timelines, what to announce. */
    @Benchmark
    public Announcements.Round applyOneEventOnOnePartner() {
        return apply(onePartner);
    }

    /** One event on every partner of the imposer (about 250 pairs). */
    @Benchmark
    public Announcements.Round applyOneEventOnEveryPartner() {
        return apply(everyPartner);
    }

    @Benchmark
    public Rate answerHeadline() {
        return book.rate(RateQuery.headline("US", "CN", NOW));
    }

    @Benchmark
    public Rate answerHsQuery() {
        return book.rate(new RateQuery("US", "CN", "85171300", NOW, null, null));
    }

    /**
     * 500 events onto an imposer that already holds 50,000 on 230 partners under 50 measures (a bulk publisher's
     * intake, as the system benchmark's): a pair's timelines are recomputed from all of its facts, so this is
     * what a poll costs once pairs have grown.
     */
    @Benchmark
    public Announcements.Round applyABatchToACrowdedImposer(CrowdedImposer crowded) {
        return crowded.applyNextBatch();
    }

    /**
     * 20 events, each a measure of its own, onto an imposer that already holds 30,000 such (a publisher's stream of
     * single events, as the system benchmark's REST scenario sends): what a small poll costs an imposer of many measures.
     */
    @Benchmark
    public Announcements.Round applyAPollToAnImposerOfManyMeasures(ManyMeasures many) {
        return many.crowded.applyNextBatch();
    }

    /**
     * 500 events spread over 50 imposers that already hold 24,000 on 240 partners each, every pair prepared (the
     * system benchmark's synthetic history): what a poll costs a book of many prepared pairs, most untouched by it.
     */
    @Benchmark
    public Announcements.Round applyAPollAcrossManyImposers(ManyImposers many) {
        return many.applyNextBatch();
    }

    @State(Scope.Benchmark)
    public static class ManyImposers extends GrowingBook {
        static final int EVENTS = 24_000;
        private static final List<String> IMPOSERS = new ArrayList<>(Countries.allExcept("NZ")).subList(0, 50);
        private static final Map<String, List<String>> PARTNERS = IMPOSERS.stream().collect(Collectors.toMap(
                i -> i, i -> Countries.allExcept(i).stream().sorted().limit(240).toList()));

        private final Random random = new Random(11);

        public ManyImposers() {
            super(EVENTS, 500);
        }

        @Override
        List<PolicyEvent> events(long first, int count) {
            List<PolicyEvent> events = new ArrayList<>(count);
            for (long s = first; s < first + count; s++) {
                String imposer = IMPOSERS.get(random.nextInt(IMPOSERS.size()));
                List<String> partners = PARTNERS.get(imposer);
                events.add(Ev.hike("spread-" + s, imposer + "-M" + random.nextInt(20), 5 + random.nextInt(40),
                        "2025-" + String.format("%02d", 1 + random.nextInt(12)) + "-01").imposer(imposer)
                        .targets(partners.get(random.nextInt(partners.size()))).build(s));
            }
            return events;
        }
    }

    @State(Scope.Benchmark)
    public static class ManyMeasures {
        private final CrowdedImposer crowded = new CrowdedImposer(30_000, 20, 1);

        @Setup
        public void history() {
            crowded.history();
        }
    }

    @State(Scope.Benchmark)
    public static class CrowdedImposer extends GrowingBook {
        static final int EVENTS = 50_000;
        private static final List<String> PARTNERS = new ArrayList<>(Countries.allExcept("NZ")).subList(0, 230);

        private final int events;
        /** How many events share a measure: 1000 for the crowded imposer (50 measures), 1 for one measure each. */
        private final int perMeasure;

        public CrowdedImposer() {
            this(EVENTS, 500, EVENTS / 50);
        }

        CrowdedImposer(int events, int batch, int perMeasure) {
            super(events, batch);
            this.events = events;
            this.perMeasure = perMeasure;
        }

        @Override
        List<PolicyEvent> events(long first, int count) {
            List<PolicyEvent> events = new ArrayList<>(count);
            for (long s = first; s < first + count; s++) {
                long measure = perMeasure == 1 ? s : s % (this.events / perMeasure);
                events.add(Ev.hike("crowded-" + s, "NZ-M" + measure, 5, "2025-01-01").imposer("NZ")
                        .targets(PARTNERS.get((int) (s % PARTNERS.size()))).build(s));
            }
            return events;
        }
    }

    /** A book of a history of {@code events}, every pair's timelines announced, then grown a poll at a time: what a poll
     * costs the engine's core. Bounded: once the history has doubled, the next poll goes onto the history's book again
     * (copying its facts once). */
    abstract static class GrowingBook {
        private final int events;
        private final int poll;
        private TariffBook base;
        private TariffBook current;
        private long sequence;
        private final DutyTimelines timelines = new DutyTimelines();
        private final Announcements announcements = new Announcements();
        private final AtomicLong ids = new AtomicLong();

        GrowingBook(int events, int poll) {
            this.events = events;
            this.poll = poll;
        }

        /** {@code count} events, sequenced from {@code first}. */
        abstract List<PolicyEvent> events(long first, int count);

        @Setup
        public void history() {
            base = TariffBook.empty().withAll(events(1, events));
            DutyTimelines.Update all = timelines.compute(base, base.pairs());
            announcements.accept(announcements.revise(all.keys(), all::of, NOW, () -> "a" + ids.incrementAndGet()));
            timelines.accept(all);
            current = base;
            sequence = events + 1;
        }

        Announcements.Round applyNextBatch() {
            if (sequence > 2L * events) {
                current = base;
                sequence = events + 1;
            }
            List<PolicyEvent> polled = events(sequence, poll);
            sequence += poll;
            TariffBook next = current.withAll(polled);
            Set<TradePair> pairs = new LinkedHashSet<>();
            polled.forEach(e -> pairs.addAll(next.pairsTouchedBy(e)));
            DutyTimelines.Update update = timelines.compute(next, pairs);
            current = next;
            return announcements.revise(update.keys(), k -> update.of(k, timelines), NOW, () -> "c" + ids.incrementAndGet());
        }
    }

    private Announcements.Round apply(PolicyEvent event) {
        TariffBook next = book.with(event);
        DutyTimelines.Update update = timelines.compute(next, next.pairsTouchedBy(event));
        return announcements.revise(update.keys(), k -> update.of(k, timelines), NOW, () -> "r" + ids.incrementAndGet());
    }
}
