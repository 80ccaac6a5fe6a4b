package io.tariffwatch.dashboard.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.dashboard.services.ChangeGroup;
import io.tariffwatch.dashboard.services.Formats;
import io.tariffwatch.dashboard.services.PolicyEventService;
import io.tariffwatch.dashboard.services.TariffService;
import io.tariffwatch.dashboard.upstream.Fetched;
import io.tariffwatch.events.PolicyEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What changed lately and what is coming, as of now or of a chosen day. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class NowPage {
    static final int FEED_LINES = 25;

    private final TariffService tariffs;
    private final PolicyEventService events;
    private final Clock clock;

    NowPage(TariffService tariffs, PolicyEventService events, Clock clock) {
        this.tariffs = tariffs;
        this.events = events;
        this.clock = clock;
    }

    public record EventRow(String day, String imposer, String kind, String stage, String headline, String sourceUrl) {
        static EventRow of(PolicyEvent e) {
            return new EventRow(Formats.day(e.effectiveFrom() == null ? null : e.effectiveFrom().toInstant()),
                    e.imposer(), e.kind().name(), e.stageOrDefault().name(), e.headline() == null ? e.id() : e.headline(),
                    e.source() == null ? null : e.source().url());
        }
    }

    public record NowView(String at, boolean asOfNow, String imposer, String partner, List<String> imposers,
                          List<FeedRow> latest, List<FeedRow> upcoming, List<EventRow> events) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance now(NowView view, String active, List<String> notes);
    }

    @GET
    public TemplateInstance now(@QueryParam("imposer") String imposerParam, @QueryParam("partner") String partnerParam,
                                @QueryParam("at") String atParam) {
        String imposer = PageParams.country("imposer", imposerParam);
        String partner = PageParams.country("partner", partnerParam);
        Instant now = clock.instant();
        Instant at = PageParams.instant("at", atParam, now);
        Fetched<List<String>> known = tariffs.imposers();
        List<String> imposers = known.orElse(List.of());
        List<String> chosen = imposer == null ? imposers : List.of(imposer);

        Fetched<List<ChangeGroup>> past = tariffs.changes(chosen, partner, at.minus(Duration.ofDays(730)), at, null);
        Fetched<List<ChangeGroup>> ahead = tariffs.changes(chosen, partner, at, at.plus(Duration.ofDays(365)), null);
        Fetched<List<PolicyEvent>> latestEvents = events.latest(imposer, 10);
        List<String> notes = Fetched.outages(known, past, ahead, latestEvents);
        List<ChangeGroup> pastGroups = past.orElse(List.of());
        List<FeedRow> latest = new ArrayList<>();
        for (int i = pastGroups.size() - 1; i >= 0 && latest.size() < FEED_LINES; i--) {
            latest.add(FeedRow.of(pastGroups.get(i), at));
        }
        List<FeedRow> upcoming = ahead.orElse(List.of()).stream().limit(FEED_LINES).map(g -> FeedRow.of(g, at)).toList();
        List<EventRow> eventRows = latestEvents.orElse(List.of()).stream().map(EventRow::of).toList();
        return Templates.now(new NowView(Formats.isoDay(at), atParam == null || atParam.isBlank(), imposer, partner,
                imposers, latest, upcoming, eventRows), "now", notes);
    }
}
