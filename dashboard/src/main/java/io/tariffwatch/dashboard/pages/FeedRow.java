package io.tariffwatch.dashboard.pages;

import io.tariffwatch.dashboard.services.ChangeGroup;
import io.tariffwatch.dashboard.services.Formats;
import io.tariffwatch.events.CauseKind;
import java.time.Instant;

/** A line of the Now page's feed, in words. */
public record FeedRow(String day, String isoDay, String imposer, String partners, String pairLink, String move,
                      String delta, String direction, String kind, String headline, String sourceUrl,
                      boolean retroactive, String relative, String sentence) {

    static FeedRow of(ChangeGroup g, Instant now) {
        String partners = Formats.partners(g.partners());
        String link = "/pair/" + g.imposer() + "/" + g.partners().get(0) + "?at=" + Formats.isoDay(g.at());
        String move = Formats.percent(g.previousRate()) + " → " + Formats.percent(g.newRate());
        CauseKind kind = g.cause() == null ? null : g.cause().kind();
        String what = kind == CauseKind.PAUSE_EXPIRED ? "the pause on goods from " + partners + " ends"
                : kind == CauseKind.EXPIRED ? "a measure on goods from " + partners + " runs out"
                : Formats.country(g.imposer()) + "'s duty on goods from " + partners + " moves";
        String relative = Formats.relativeDays(g.at(), now);
        return new FeedRow(Formats.day(g.at()), Formats.isoDay(g.at()), g.imposer(), partners, link, move,
                Formats.delta(g.delta()), g.delta().signum() > 0 ? "up" : "down", kind == null ? "" : kind.name(),
                g.cause() == null ? "" : g.cause().headline(), g.cause() == null ? null : g.cause().sourceUrl(),
                g.retroactive(), relative, relative + " " + what + ": " + move);
    }
}
