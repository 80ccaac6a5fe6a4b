package io.tariffwatch.dashboard.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.dashboard.clients.RateModels;
import io.tariffwatch.dashboard.services.Formats;
import io.tariffwatch.dashboard.services.TariffService;
import io.tariffwatch.dashboard.upstream.Fetched;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** An imposer's headline additional duty on every partner, on a world map, at a day the slider picks. */
@Path("/map")
@Blocking
public class MapPage {
    private final TariffService tariffs;
    private final Clock clock;

    MapPage(TariffService tariffs, Clock clock) {
        this.tariffs = tariffs;
        this.clock = clock;
    }

    public record MapView(String imposer, List<String> imposers, String at, String include, String today) {
    }

    /** The map's data: one entry per partner with a duty (the others are 0). */
    public record PartnerDuty(String code, String name, BigDecimal additional) {
    }

    public record MapData(String imposer, String at, String include, List<PartnerDuty> partners, String unavailable) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance map(MapView view, String active, List<String> notes);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("imposer") String imposerParam, @QueryParam("at") String atParam,
                                 @QueryParam("include") String includeParam) {
        String imposer = PageParams.country("imposer", imposerParam);
        Instant at = PageParams.instant("at", atParam, clock.instant());
        String include = PageParams.include(includeParam);
        Fetched<List<String>> imposers = tariffs.imposers();
        List<String> notes = Fetched.outages(imposers);
        List<String> known = imposers.orElse(List.of());
        if (imposer == null) {
            imposer = known.contains("US") ? "US" : known.isEmpty() ? "US" : known.get(0);
        }
        return Templates.map(new MapView(imposer, known, Formats.isoDay(at), include == null ? "" : include,
                Formats.isoDay(clock.instant())), "map", notes);
    }

    @GET
    @Path("/data")
    @Produces(MediaType.APPLICATION_JSON)
    public MapData data(@QueryParam("imposer") String imposerParam, @QueryParam("at") String atParam,
                        @QueryParam("include") String includeParam) {
        String imposer = PageParams.country("imposer", imposerParam);
        if (imposer == null) {
            throw new PageParams.BadPageParameter("imposer", null, "a two-letter country code such as US");
        }
        Instant at = PageParams.instant("at", atParam, clock.instant());
        String include = PageParams.include(includeParam);
        Fetched<RateModels.Headlines> headlines = tariffs.headlines(imposer, at, null, include);
        List<PartnerDuty> partners = headlines.map(h -> h.partners().stream()
                .map(p -> new PartnerDuty(p.partner(), Formats.country(p.partner()), p.additional())).toList())
                .orElse(List.of());
        return new MapData(imposer, Formats.isoDay(at), include, partners, headlines.failure());
    }
}
