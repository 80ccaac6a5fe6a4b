package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.announcing.Announcements;
import io.tariffwatch.rates.announcing.DutyTimelines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    private Announcements.Round apply(PolicyEvent event) {
        TariffBook next = book.with(event);
        DutyTimelines.Update update = timelines.compute(next, next.pairsTouchedBy(event));
        return announcements.revise(update.keys(), k -> update.of(k, timelines), NOW, () -> "r" + ids.incrementAndGet());
    }
}
