package io.tariffwatch.rates.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.events.Countries;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.Stage;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.announcing.Announcements;
import io.tariffwatch.rates.announcing.DutyKey;
import io.tariffwatch.rates.announcing.DutyTimelines;
import io.tariffwatch.rates.announcing.Revision;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The announcement rule as a property: over generated event sequences (every kind, stages, instants in the
 * past and the future of a moving clock, overlapping pauses, EXTEND/RESUME, REVOKE, exemptions, product
 * rates, deals), a subscriber who folds the published revisions in order holds, for every pair and every
 * HS code, exactly the engine's final timeline; no revision restates what the subscriber holds, and none
 * moves a rate to itself.
 */
class ConvergenceTest {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final List<String> PARTNERS = List.of("CN", "JP", "DE", "EU", "*");
    private static final List<String> PREFIXES = List.of("*", "85", "8517", "851713", "87", "8703");
    private static final List<String> CODES = List.of("85", "8501", "8517", "851713", "85171300", "87", "8703", "01");
    private static final List<String> MEASURES = List.of("M-A", "M-B", "M-BASE", "M-FLOOR");

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= 120; s++) {
            seeds.add(s);
        }
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void foldingThePublishedStreamGivesTheFinalTimeline(long seed) {
        Random random = new Random(seed);
        Engine engine = new Engine();
        int events = 4 + random.nextInt(14);
        Instant now = START;
        for (int i = 1; i <= events; i++) {
            now = now.plus(Duration.ofHours(random.nextInt(24 * 12)));
            engine.tick(now);
            engine.apply(event(random, i), now);
        }
        engine.tick(START.plus(Duration.ofDays(800)));
        engine.subscriber.assertHoldsTheTimelinesOf(engine);
    }

    /**
     * A book grown poll by poll, sometimes with an event sequenced before earlier ones, answers exactly as one built at
     * once from the same events — rates at every stage, transitions, causes and product keys — after each poll for the
     * pairs read then, and at the end for every pair. Each poll's book is read before the next, so the next extends
     * its indexes and the pairs it prepared; a pair left unread for some polls is extended by all they added.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aBookGrownPollByPollAnswersAsOneBuiltAtOnce(long seed) {
        Random random = new Random(seed);
        List<PolicyEvent> events = new ArrayList<>();
        for (int i = 1, n = 10 + random.nextInt(30); i <= n; i++) {
            // now and then one sequenced before the event ahead of it, as a late event of another partition: the
            // imposer's indexes and prepared pairs are then built anew
            events.add(event(random, random.nextInt(10) == 0 ? 2 * i - 3 : 2 * i));
        }
        TariffBook grown = TariffBook.empty();
        for (int i = 0; i < events.size(); ) {
            int poll = 1 + random.nextInt(3);
            grown = grown.withAll(events.subList(i, Math.min(events.size(), i + poll)));
            i += poll;
            List<String> someOf = EVERY_PARTNER.stream().filter(p -> random.nextBoolean()).toList();
            assertEquals(readPairs(TariffBook.empty().withAll(events.subList(0, Math.min(events.size(), i))), someOf),
                    readPairs(grown, someOf), "after " + i + " events, " + someOf);
        }
        assertEquals(readEveryPair(TariffBook.empty().withAll(events)), readEveryPair(grown));
    }

    /**
     * As above, but now and then a poll's book is dropped once read (its transaction failed: a poll of other events
     * with the same sequences) and the book before it read again, then the next poll applied to that one: books that
     * branch from one and the same book, or are read after a later one prepared their pairs, answer exactly as books
     * built at once from their own events.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void booksBranchedFromAnOlderBookAnswerAsOnesBuiltAtOnce(long seed) {
        Random random = new Random(seed);
        List<PolicyEvent> events = new ArrayList<>();
        for (int i = 1, n = 10 + random.nextInt(30); i <= n; i++) {
            events.add(event(random, 2 * i));
        }
        TariffBook grown = TariffBook.empty();
        for (int i = 0; i < events.size(); ) {
            int poll = 1 + random.nextInt(3);
            int end = Math.min(events.size(), i + poll);
            boolean dropped = random.nextInt(3) == 0;
            List<PolicyEvent> polled = new ArrayList<>(events.subList(0, i));
            for (int k = i; k < end; k++) {
                polled.add(dropped ? event(random, 2 * (k + 1)) : events.get(k));
            }
            TariffBook next = grown.withAll(polled.subList(i, end));
            List<String> someOf = EVERY_PARTNER.stream().filter(p -> random.nextBoolean()).toList();
            assertEquals(readPairs(TariffBook.empty().withAll(polled), someOf), readPairs(next, someOf),
                    "after " + end + " events, " + someOf);
            if (dropped) {
                assertEquals(readPairs(TariffBook.empty().withAll(events.subList(0, i)), someOf), readPairs(grown, someOf),
                        "the book before, after " + i + " events, read after the dropped one, " + someOf);
                continue;
            }
            grown = next;
            i = end;
        }
        assertEquals(readEveryPair(TariffBook.empty().withAll(events)), readEveryPair(grown));
    }

    private static final List<String> EVERY_PARTNER = List.of("CN", "JP", "DE", "FR", "EU", "MX");

    private static List<String> readEveryPair(TariffBook book) {
        return readPairs(book, EVERY_PARTNER);
    }

    /** Everything the engine and the API read of each pair, as text. */
    private static List<String> readPairs(TariffBook book, List<String> partners) {
        List<String> read = new ArrayList<>();
        List<String> codes = new ArrayList<>(CODES);
        codes.add(Countries.ALL);
        for (String partner : partners) {
            read.add(partner + " keys " + book.productKeys("US", partner));
            for (String code : codes) {
                for (Transition t : book.pair("US", partner).transitions(code)) {
                    read.add(partner + " " + code + " " + t.at() + " " + plain(t.previous()) + "→" + plain(t.next())
                            + " " + book.causeAt("US", partner, t.at()));
                }
                for (Stage stage : List.of(Stage.THREATENED, Stage.ANNOUNCED)) {
                    read.add(partner + " " + code + " " + stage + " " + book.history(new RateQuery("US", partner,
                            Countries.ALL.equals(code) ? null : code, START, null, stage), START.minus(Duration.ofDays(30)),
                            START.plus(Duration.ofDays(300))));
                }
            }
        }
        return read;
    }

    @Test
    void aLaterEventCorrectsAnAnnouncedTransitionAndAProductGetsItsOwnStory() {
        Engine engine = new Engine();
        Instant now = Instant.parse("2025-06-01T00:00:00Z");
        engine.apply(Ev.hike("h30", "M-A", 30, "2025-05-01").targets("CN").build(1L), now);
        engine.apply(Ev.hike("h44", "M-A", 44, "2025-05-10").targets("CN").build(2L), now);
        engine.apply(Ev.hike("h20", "M-A", 20, "2025-05-10").targets("CN").build(3L), now);
        engine.apply(Ev.of("phones", Kind.EXEMPTION).measure("M-A").targets("CN").include("8517").from("2025-05-01")
                .build(4L), now);

        List<Revision> stream = engine.subscriber.received;
        assertEquals(List.of("new *@2025-05-01 0→30", "new *@2025-05-10 30→44", "correction *@2025-05-10 30→20",
                "withdrawal 8517@2025-05-01", "withdrawal 8517@2025-05-10"),
                stream.stream().map(ConvergenceTest::describe).toList());
        assertEquals(stream.get(1).id(), stream.get(2).was().rateChangeId());
        engine.subscriber.assertHoldsTheTimelinesOf(engine);
    }

    @Test
    void anExtendPublishedAfterAPauseEndedRevivesItAndTakesBackTheAnnouncedReturn() {
        Engine engine = new Engine();
        Instant now = Instant.parse("2025-08-01T00:00:00Z");
        engine.apply(Ev.hike("base", "M-A", 24, "2025-04-09").targets("JP").build(1L), now);
        engine.apply(Ev.of("pause", Kind.PAUSE).measure("M-A").targets("JP").rate(10).from("2025-04-10")
                .until("2025-07-09").build(2L), now);
        engine.apply(Ev.of("extend", Kind.EXTEND).measure("M-A").targets("JP").from("2025-07-20").until("2025-08-10")
                .build(3L), now);
        // the pause is revived back to its end (it covers the gap): the return of 9 July did not happen after all
        assertEquals(List.of("new *@2025-04-09 0→24", "new *@2025-04-10 24→10", "new *@2025-07-09 10→24",
                "withdrawal *@2025-07-09"), engine.subscriber.received.stream().map(ConvergenceTest::describe).toList());
        engine.tick(Instant.parse("2025-08-11T00:00:00Z"));
        assertEquals("new *@2025-08-10 10→24", describe(engine.subscriber.received.get(4)));
        engine.subscriber.assertHoldsTheTimelinesOf(engine);
    }

    @Test
    void baseDutiesAloneAnnounceNothing() {
        Engine engine = new Engine();
        engine.apply(Ev.hike("mfn", "M-BASE", 2.5, "2025-01-01").role(PolicyEvent.Role.BASE).targets("*")
                .include("87").build(1L), Instant.parse("2025-02-01T00:00:00Z"));
        assertTrue(engine.subscriber.received.isEmpty());
    }

    private static String describe(Revision r) {
        String what = r.now() == null ? "withdrawal" : r.correction() ? "correction" : "new";
        String move = r.now() == null ? "" : " " + plain(r.now().previous()) + "→" + plain(r.now().next());
        return what + " " + r.key().product() + "@" + r.at().toString().substring(0, 10) + move;
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }

    /** The engine's loop, as RateEngine runs it, without Kafka and the database. */
    static final class Engine {
        TariffBook book = TariffBook.empty();
        final DutyTimelines timelines = new DutyTimelines();
        final Announcements announcements = new Announcements();
        final Subscriber subscriber = new Subscriber();
        private final AtomicLong ids = new AtomicLong();
        private Instant revisedUpTo = START.minus(Duration.ofDays(10_000));

        void apply(PolicyEvent event, Instant now) {
            book = book.with(event);
            DutyTimelines.Update update = timelines.compute(book, book.pairsTouchedBy(event));
            publish(announcements.revise(update.keys(), k -> update.of(k, timelines), now, this::nextId));
            timelines.accept(update);
        }

        void tick(Instant now) {
            for (Set<TradePair> pairs : new ArrayList<>(timelines.due(revisedUpTo, now).values())) {
                List<DutyKey> keys = new ArrayList<>();
                pairs.forEach(p -> keys.addAll(timelines.keys(p)));
                publish(announcements.revise(keys, timelines::of, now, this::nextId));
            }
            timelines.passed(now);
            revisedUpTo = now;
        }

        private void publish(Announcements.Round round) {
            round.revisions().forEach(subscriber::receive);
            announcements.accept(round);
        }

        private String nextId() {
            return "rc-" + ids.incrementAndGet();
        }
    }

    /** A catch-all subscriber applying the README's folding rule, written independently of Announcements. */
    static final class Subscriber {
        final List<Revision> received = new ArrayList<>();
        private final Map<DutyKey, TreeMap<Instant, Revision>> held = new HashMap<>();

        void receive(Revision r) {
            received.add(r);
            if (r.now() != null) {
                assertNotEquals(0, r.now().previous().compareTo(r.now().next()), "a rate change that changes nothing");
            }
            TreeMap<Instant, Revision> own = held.computeIfAbsent(r.key(), k -> new TreeMap<>(view(k)));
            Revision before = own.get(r.at());
            if (r.was() == null) {
                assertTrue(before == null, "a new transition where one was held: " + r);
            } else {
                assertEquals(before == null ? null : before.id(), r.was().rateChangeId(), "corrects what is held");
            }
            if (before != null && r.now() != null) {
                assertFalse(r.now().sameMoveAs(before.now().previous(), before.now().next()), "restated: " + r);
            }
            if (r.now() == null) {
                own.remove(r.at());
            } else {
                own.put(r.at(), r);
            }
        }

        /** The transitions of the longest received key that is a prefix of the code (general goods last). */
        TreeMap<Instant, Revision> view(DutyKey key) {
            String product = key.product();
            while (true) {
                TreeMap<Instant, Revision> own = held.get(new DutyKey(key.imposer(), key.partner(), product));
                if (own != null) {
                    return own;
                }
                if (Countries.ALL.equals(product)) {
                    return new TreeMap<>();
                }
                product = product.length() == 1 ? Countries.ALL : product.substring(0, product.length() - 1);
            }
        }

        void assertHoldsTheTimelinesOf(Engine engine) {
            for (TradePair pair : engine.timelines.pairs()) {
                PairDuties duties = engine.book.pair(pair.imposer(), pair.partner());
                List<String> codes = new ArrayList<>(CODES);
                codes.add(Countries.ALL);
                for (String code : codes) {
                    List<String> expected = duties.transitions(code).stream()
                            .map(t -> t.at() + " " + plain(t.previous()) + "→" + plain(t.next())).toList();
                    List<String> folded = view(new DutyKey(pair.imposer(), pair.partner(), code)).values().stream()
                            .map(r -> r.at() + " " + plain(r.now().previous()) + "→" + plain(r.now().next())).toList();
                    assertEquals(expected, folded, pair + " " + code);
                }
            }
        }
    }

    private static PolicyEvent event(Random random, int sequence) {
        Kind kind = pick(random, List.of(Kind.HIKE, Kind.HIKE, Kind.HIKE, Kind.CUT, Kind.PAUSE, Kind.PAUSE, Kind.EXTEND,
                Kind.RESUME, Kind.EXEMPTION, Kind.REVOKE, Kind.DEAL, Kind.TALKS));
        Ev e = kind == Kind.DEAL ? Ev.of("e" + sequence, Kind.DEAL).targets(pick(random, PARTNERS))
                .change(step(random, "e" + sequence + "-c1", pick(random, List.of(Kind.CUT, Kind.PAUSE, Kind.REVOKE))))
                .change(step(random, "e" + sequence + "-c2", Kind.EXEMPTION))
                : step(random, "e" + sequence, kind);
        if (random.nextInt(8) == 0) {
            e.stage(Stage.ANNOUNCED);
        }
        return e.build((long) sequence);
    }

    private static Ev step(Random random, String id, Kind kind) {
        String measure = pick(random, MEASURES);
        Ev e = Ev.of(id, kind).measure(measure).targets(pick(random, PARTNERS));
        if (random.nextInt(5) == 0) {
            e.targets("*").except(pick(random, List.of("CN", "EU")));
        }
        if (measure.equals("M-BASE")) {
            e.role(PolicyEvent.Role.BASE);
        } else if (measure.equals("M-FLOOR")) {
            e.basis(PolicyEvent.Basis.FLOOR);
        } else if (measure.equals("M-B") && random.nextBoolean()) {
            e.yieldsTo("M-A");
        }
        Instant from = START.plus(Duration.ofDays(random.nextInt(200) - 20));
        String until = day(from.plus(Duration.ofDays(1 + random.nextInt(60))));
        e.from(day(from));
        switch (kind) {
            case HIKE, CUT -> {
                e.rate(5 * random.nextInt(12));
                if (random.nextInt(3) == 0) {
                    e.include(pick(random, PREFIXES));
                }
                if (random.nextInt(3) == 0) {
                    e.productRate(pick(random, PREFIXES.subList(1, PREFIXES.size())), 5 * random.nextInt(12));
                }
                if (random.nextInt(4) == 0) {
                    e.exclude(pick(random, PREFIXES.subList(1, PREFIXES.size())));
                }
                if (random.nextInt(4) == 0) {
                    e.until(until);
                }
            }
            case PAUSE -> {
                e.rate(5 * random.nextInt(3)).until(until);
                if (random.nextInt(3) == 0) {
                    e.include(pick(random, PREFIXES));
                }
            }
            case EXTEND -> e.until(day(from.plus(Duration.ofDays(random.nextInt(90)))));
            case EXEMPTION -> {
                e.include(pick(random, PREFIXES.subList(1, PREFIXES.size())));
                if (random.nextBoolean()) {
                    e.until(until);
                }
            }
            default -> {
            }
        }
        return e;
    }

    private static String day(Instant t) {
        return t.toString().substring(0, 10);
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
