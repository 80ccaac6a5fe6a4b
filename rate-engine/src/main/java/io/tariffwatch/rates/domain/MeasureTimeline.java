package io.tariffwatch.rates.domain;

import io.tariffwatch.events.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One measure's rules for one partner, prepared once: the steps that can set its rate (those a later
 * REVOKE cancelled left out), its pauses with their real ends, and its exemptions. Answers the measure's
 * own rate on a product at an instant without looking at other partners' events again.
 */
final class MeasureTimeline {
    private static final Comparator<Fact> TIMELINE = Comparator.comparing(Fact::from).thenComparingLong(Fact::order);

    private final List<Fact> steps;
    private final List<Fact> exemptions;
    private final List<Pause> pauses;

    /** From {@code own}: the measure's facts that target the partner, in publishing order. */
    MeasureTimeline(List<Fact> own) {
        List<Fact> eligible = new ArrayList<>();
        List<Fact> exempting = new ArrayList<>();
        // latest first, so that each step knows the earliest start of the REVOKEs published after it
        Instant earliestLaterRevoke = null;
        for (int i = own.size() - 1; i >= 0; i--) {
            Fact f = own.get(i);
            boolean step = f.kind() == Kind.HIKE || f.kind() == Kind.CUT || f.kind() == Kind.REVOKE;
            if (step && f.from() != null && !revokedLater(f, earliestLaterRevoke)) {
                eligible.add(f);
            }
            if (f.kind() == Kind.EXEMPTION) {
                exempting.add(f);
            }
            if (f.kind() == Kind.REVOKE && f.from() != null
                    && (earliestLaterRevoke == null || f.from().isBefore(earliestLaterRevoke))) {
                earliestLaterRevoke = f.from();
            }
        }
        // in publishing order again (the first exemption that applies is the cause), then steps by start
        Collections.reverse(eligible);
        Collections.reverse(exempting);
        eligible.sort(TIMELINE);
        this.steps = List.copyOf(eligible);
        this.exemptions = List.copyOf(exempting);
        this.pauses = List.copyOf(pauses(own));
    }

    /** The measure's rate on {@code hs} (null: general goods) at {@code t}, or null where it does not cover;
     * adds the events that made it to {@code causes} unless that is null (only the rate is wanted). */
    Part part(String hs, Instant t, Set<String> causes) {
        Fact setting = settingAt(t);
        if (setting == null || setting.kind() == Kind.REVOKE
                || (setting.until() != null && !t.isBefore(setting.until()))
                || !setting.includes(hs) || setting.excludes(hs)) {
            return null;
        }
        for (Fact f : exemptions) {
            if (f.activeAt(t) && f.includes(hs)) {
                addCause(causes, f);
                return null;
            }
        }
        addCause(causes, setting);
        Pause pause = activePause(hs, t);
        if (pause != null) {
            addCause(causes, pause.fact());
            if (pause.endSetBy() != null) {
                addCause(causes, pause.endSetBy());
            }
            return new Part(pause.fact().rateFor(null), true);
        }
        return new Part(setting.rateFor(hs), false);
    }

    private static void addCause(Set<String> causes, Fact f) {
        if (causes != null) {
            causes.add(f.sourceEventId());
        }
    }

    List<Pause> pauses() {
        return pauses;
    }

    /** The latest step in effect at t: by start, then by publishing order. */
    private Fact settingAt(Instant t) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (!steps.get(i).from().isAfter(t)) {
                return steps.get(i);
            }
        }
        return null;
    }

    /**
     * Whether a later-published REVOKE of the partner takes effect at or before the step's start (given the
     * earliest start among those REVOKEs): the step then never applies (a threat withdrawn, a hike cancelled
     * before it began). A step published after the REVOKE starts the measure again.
     */
    private static boolean revokedLater(Fact step, Instant earliestLaterRevoke) {
        return earliestLaterRevoke != null && !earliestLaterRevoke.isAfter(step.from());
    }

    /** The pause in force at t on hs (the latest published where several are). */
    private Pause activePause(String hs, Instant t) {
        Pause active = null;
        for (Pause p : pauses) {
            if (!t.isBefore(p.fact().from()) && t.isBefore(p.end()) && p.fact().includes(hs)
                    && !p.fact().excludes(hs) && (active == null || p.fact().order() > active.fact().order())) {
                active = p;
            }
        }
        return active;
    }

    /**
     * The pauses of one measure for one partner with their real ends: EXTEND moves the end of the pause in
     * force at its effectiveFrom, else of the next pause to start, else of the latest that had ended;
     * RESUME ends the pause in force at its effectiveFrom. Both are applied in publishing order. {@code facts}:
     * the measure's facts that target the partner.
     */
    static List<Pause> pauses(List<Fact> facts) {
        List<Pause> pauses = new ArrayList<>();
        for (Fact f : facts) {
            if (f.kind() == Kind.PAUSE && f.from() != null && f.until() != null) {
                pauses.add(new Pause(f, f.until(), null));
            }
        }
        for (Fact f : facts) {
            if ((f.kind() != Kind.EXTEND && f.kind() != Kind.RESUME) || f.from() == null) {
                continue;
            }
            Instant at = f.from();
            int target = inForce(pauses, at);
            if (f.kind() == Kind.RESUME) {
                if (target >= 0) {
                    pauses.set(target, pauses.get(target).endingAt(at, f));
                }
                continue;
            }
            if (target < 0) {
                target = nextToStart(pauses, at);
            }
            if (target < 0) {
                target = latestEnded(pauses, at);
            }
            if (target >= 0 && f.until() != null) {
                pauses.set(target, pauses.get(target).endingAt(f.until(), f));
            }
        }
        return pauses;
    }

    private static int inForce(List<Pause> pauses, Instant at) {
        int found = -1;
        for (int i = 0; i < pauses.size(); i++) {
            Pause p = pauses.get(i);
            if (!at.isBefore(p.fact().from()) && at.isBefore(p.end())
                    && (found < 0 || p.fact().order() > pauses.get(found).fact().order())) {
                found = i;
            }
        }
        return found;
    }

    private static int nextToStart(List<Pause> pauses, Instant at) {
        int found = -1;
        for (int i = 0; i < pauses.size(); i++) {
            Instant start = pauses.get(i).fact().from();
            if (start.isAfter(at) && (found < 0 || start.isBefore(pauses.get(found).fact().from()))) {
                found = i;
            }
        }
        return found;
    }

    private static int latestEnded(List<Pause> pauses, Instant at) {
        int found = -1;
        for (int i = 0; i < pauses.size(); i++) {
            Instant end = pauses.get(i).end();
            if (!end.isAfter(at) && (found < 0 || end.isAfter(pauses.get(found).end()))) {
                found = i;
            }
        }
        return found;
    }

    /** A measure's own rate at an instant, and whether a pause gives it. */
    record Part(BigDecimal rate, boolean paused) {
        static boolean same(Part a, Part b) {
            return a == null || b == null ? a == b : a.paused() == b.paused() && a.rate().compareTo(b.rate()) == 0;
        }
    }

    record Pause(Fact fact, Instant end, Fact endSetBy) {
        Pause endingAt(Instant newEnd, Fact by) {
            return new Pause(fact, newEnd, by);
        }
    }
}
