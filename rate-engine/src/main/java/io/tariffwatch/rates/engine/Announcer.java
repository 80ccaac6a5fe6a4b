package io.tariffwatch.rates.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.TradePair;
import io.tariffwatch.rates.announcing.Announcements;
import io.tariffwatch.rates.announcing.DutyKey;
import io.tariffwatch.rates.announcing.DutyTimelines;
import io.tariffwatch.rates.announcing.NoticeKey;
import io.tariffwatch.rates.announcing.NoticeLeads;
import io.tariffwatch.rates.announcing.NoticeSchedule;
import io.tariffwatch.rates.announcing.Revision;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.domain.Transition;
import io.tariffwatch.rates.persistence.AnnouncementRepository;
import io.tariffwatch.support.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The leader's side of telling subscribers: every pair's timelines, what subscribers were told, which notices are
 * due — diffed into rounds of revisions, published as rate changes and notices. Work in two halves: a
 * {@link Pending} round computed outside any transaction, published inside the caller's fenced one, and taken as
 * told only after it commits. Not thread-safe: {@link RateEngine} calls it under its monitor.
 */
final class Announcer {
    private final Outbox outbox;
    private final AnnouncementRepository announced;
    private final MeterRegistry meters;
    private final DutyTimelines timelines = new DutyTimelines();
    private final Announcements announcements = new Announcements();
    private final NoticeSchedule notices;
    /** Every pair's transitions up to this instant have been revised. */
    private Instant revisedUpTo;

    Announcer(Outbox outbox, AnnouncementRepository announced, MeterRegistry meters, NoticeLeads leads) {
        this.outbox = outbox;
        this.announced = announced;
        this.meters = meters;
        this.notices = new NoticeSchedule(leads);
    }

    /** A round computed against the timelines it came from, not yet published. */
    record Pending(DutyTimelines.Update update, Announcements.Round round) {
        int revisions() {
            return round.revisions().size();
        }
    }

    /** Following: nothing of the lead's state is kept. */
    void forget() {
        announcements.load(Map.of());
        timelines.clear();
        notices.clear();
    }

    /** Taking the lead: what subscribers were told, from the database; timelines and notices from scratch. */
    void reload() {
        announcements.load(announced.all());
        timelines.clear();
        notices.clear();
    }

    /** The pairs {@code events} touched, on the book that holds them. */
    Pending revise(TariffBook next, Set<TradePair> pairs, Instant now) {
        DutyTimelines.Update update = timelines.compute(next, pairs);
        return new Pending(update, revise(update.keys(), k -> update.of(k, timelines), now));
    }

    /** Every pair of the book, and every key subscribers were told about (a pair that lost all its measures has its
     * announced transitions withdrawn). */
    Pending reviseAll(TariffBook book, Instant now) {
        DutyTimelines.Update update = timelines.compute(book, book.pairs());
        Set<DutyKey> keys = new LinkedHashSet<>(update.keys());
        keys.addAll(announcements.keysWithOwn());
        return new Pending(update, revise(keys, update::of, now));
    }

    /** Writes a round's rate changes to the outbox and what subscribers now hold, in the caller's transaction;
     * {@code triggerOf} names the event behind a key's revision (null when time alone did). */
    void publish(Announcements.Round round, TariffBook book, Function<DutyKey, PolicyEvent> triggerOf, Instant now) {
        if (round.isEmpty()) {
            return;
        }
        List<RateChange> changes = new ArrayList<>(round.revisions().size());
        List<Long> revisions = announced.nextRevisions(round.revisions().size());
        for (int i = 0; i < revisions.size(); i++) {
            Revision r = round.revisions().get(i);
            changes.add(RateChangeFactory.change(book, r, revisions.get(i), triggerOf.apply(r.key()), now));
        }
        outbox.addAll(changes);
        announced.save(round.revised(), now);
        meters.counter("tariffwatch.rates.changes.emitted").increment(changes.size());
    }

    /** The first leader over an earlier ledger: the round is recorded as told, not published again. */
    boolean seedIfNeeded(Pending pending, Instant now) {
        if (!announced.seedNeeded()) {
            return false;
        }
        announced.save(pending.round().revised(), now);
        announced.seeded();
        return true;
    }

    /** After the commit that published the round: it is what subscribers hold, and the timelines are the update's. */
    void published(Pending pending) {
        announcements.accept(pending.round());
        timelines.accept(pending.update());
    }

    /** After a commit that found the events recorded by an earlier leader, which published what they changed: only
     * the timelines are taken. */
    void publishedElsewhere(Pending pending) {
        timelines.accept(pending.update());
    }

    /** After a takeover's or a rebuild's commit: everything up to {@code now} is revised. */
    void committedWhole(Pending pending, Instant now) {
        timelines.clear();
        timelines.accept(pending.update());
        announcements.accept(pending.round());
        revisedUpTo = now;
    }

    /**
     * The leader's tick: revises the pairs whose transitions have come since the last tick and sends the notices
     * that are due, each in a transaction that {@code asLeader} runs fenced by the lead.
     */
    void tick(TariffBook current, Instant now, Consumer<Runnable> asLeader) {
        Set<TradePair> due = new LinkedHashSet<>();
        timelines.due(revisedUpTo, now).values().forEach(due::addAll);
        if (!due.isEmpty()) {
            List<DutyKey> keys = new ArrayList<>();
            due.forEach(p -> keys.addAll(timelines.keys(p)));
            Announcements.Round round = revise(keys, timelines::of, now);
            asLeader.accept(() -> publish(round, current, k -> null, now));
            announcements.accept(round);
        }
        timelines.passed(now);
        revisedUpTo = now;
        for (NoticeSchedule.Due notice : notices.due(timelines, now)) {
            timelines.movesAt(notice.pair(), notice.at())
                    .forEach((key, move) -> sendNotice(current, new NoticeKey(key, move, notice.lead()), now, asLeader));
            notices.handled(notice);
        }
    }

    private void sendNotice(TariffBook current, NoticeKey notice, Instant now, Consumer<Runnable> asLeader) {
        asLeader.accept(() -> {
            // a shorter lead that has begun makes the longer ones moot: they are claimed as sent
            notices.leads().longerThan(notice.lead()).forEach(l -> announced.claimNotice(notice.withLead(l).id(), now));
            if (announced.claimNotice(notice.id(), now)) {
                outbox.add(RateChangeFactory.notice(current, notice));
                meters.counter("tariffwatch.rates.notices.emitted").increment();
            }
        });
    }

    private Announcements.Round revise(Collection<DutyKey> keys, Function<DutyKey, List<Transition>> truth, Instant now) {
        return announcements.revise(keys, truth, now, () -> UniqueIds.next().toString());
    }
}
