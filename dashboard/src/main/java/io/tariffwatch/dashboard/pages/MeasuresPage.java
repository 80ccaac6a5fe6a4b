package io.tariffwatch.dashboard.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.dashboard.clients.RateModels;
import io.tariffwatch.dashboard.services.Formats;
import io.tariffwatch.dashboard.services.TariffService;
import io.tariffwatch.dashboard.upstream.Fetched;
import io.tariffwatch.events.PolicyEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Each measure of an imposer: its timeline on a partner and the events that built it, with their sources. */
@Path("/measures")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class MeasuresPage {
    private final TariffService tariffs;

    MeasuresPage(TariffService tariffs) {
        this.tariffs = tariffs;
    }

    public record EventLine(String id, String kind, String stage, String from, String until, String rate,
                            String headline, String sourceUrl, String citation) {
        static EventLine of(PolicyEvent e) {
            return new EventLine(e.id(), e.kind().name(), e.stageOrDefault().name(),
                    e.effectiveFrom() == null ? "" : Formats.day(e.effectiveFrom().toInstant()),
                    e.effectiveUntil() == null ? "" : Formats.day(e.effectiveUntil().toInstant()),
                    e.rate() == null ? "" : Formats.percent(e.rate()), e.headline() == null ? "" : e.headline(),
                    e.source() == null ? null : e.source().url(), e.source() == null ? null : e.source().citation());
        }
    }

    public record StepLine(String from, String until, String rate, boolean paused) {
    }

    public record MeasureView(String id, String authority, String title, String role, List<StepLine> timeline,
                              List<EventLine> events) {
    }

    public record MeasuresView(String imposer, String partner, List<String> imposers, List<MeasureView> measures) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance measures(MeasuresView view, String active, List<String> notes);
    }

    @GET
    public TemplateInstance page(@QueryParam("imposer") String imposerParam, @QueryParam("partner") String partnerParam) {
        String partner = PageParams.country("partner", partnerParam);
        String imposer = PageParams.country("imposer", imposerParam);
        Fetched<List<String>> imposers = tariffs.imposers();
        List<String> known = imposers.orElse(List.of());
        if (imposer == null) {
            imposer = known.contains("US") ? "US" : known.isEmpty() ? "US" : known.get(0);
        }
        Fetched<List<RateModels.Measure>> measures = tariffs.measures(imposer, partner);
        List<String> notes = Fetched.outages(imposers, measures);
        List<MeasureView> views = measures.orElse(List.of()).stream().map(m -> new MeasureView(m.id(),
                m.authority() == null ? "" : m.authority(), m.title() == null ? "" : m.title(),
                m.role() == null ? "" : m.role().name(),
                m.timeline() == null ? List.of() : m.timeline().stream().filter(s -> s.rate() != null)
                        .map(s -> new StepLine(Formats.day(s.from()), s.until() == null ? "open" : Formats.day(s.until()),
                                Formats.percent(s.rate()), s.paused())).toList(),
                m.events().stream().map(EventLine::of).toList())).toList();
        return Templates.measures(new MeasuresView(imposer, partner, known, views), "measures", notes);
    }
}
