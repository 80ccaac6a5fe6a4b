package io.tariffwatch.dashboard.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tariffwatch.dashboard.clients.RateModels;
import io.tariffwatch.dashboard.services.ChangeGroup;
import io.tariffwatch.dashboard.services.Formats;
import io.tariffwatch.dashboard.services.TariffService;
import io.tariffwatch.dashboard.services.TariffService.DecomposedStep;
import io.tariffwatch.dashboard.upstream.Fetched;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One imposer's duties on one partner (and the partner's on the imposer beside it): the duty at a day with its
 * components and their sources, a step chart of the history stacked by measure, the schedule ahead, an HS-code
 * lookup; "as known on" redraws all of it as the world knew it then.
 */
@Path("/pair/{imposer}/{partner}")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class PairPage {
    private final TariffService tariffs;
    private final Clock clock;

    PairPage(TariffService tariffs, Clock clock) {
        this.tariffs = tariffs;
        this.clock = clock;
    }

    /** The parameters every part of the page shares. */
    record PairQuery(String imposer, String partner, String hs, Instant at, Instant knownAt, String include) {
        static PairQuery of(String imposer, String partner, String hs, String at, String knownAt, String include,
                            Instant now) {
            String i = PageParams.country("imposer", imposer);
            String p = PageParams.country("partner", partner);
            if (i == null || p == null) {
                throw new PageParams.BadPageParameter(i == null ? "imposer" : "partner", null, "a country code");
            }
            return new PairQuery(i, p, PageParams.hs(hs), PageParams.instant("at", at, now),
                    PageParams.instant("knownAt", knownAt, null), PageParams.include(include));
        }
    }

    public record ComponentRow(String measureId, String authority, String rate, String state, String sourceUrl,
                               String citation) {
    }

    /** A duty at the page's day, in words. */
    public record DutyView(String imposer, String partner, String title, String hs, String additional, String base,
                           String total, List<ComponentRow> components, String failure) {
    }

    public record ScheduleRow(String day, String move, String delta, String direction, String kind, String headline,
                              String relative) {
    }

    public record PairView(String imposer, String partner, String imposerName, String partnerName, String at,
                           String knownAt, String include, String hs, DutyView duty, DutyView reverse,
                           List<ScheduleRow> schedule, String chartJson, String chartFailure) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance pair(PairView view, String active, List<String> notes);

        static native TemplateInstance lookup(DutyView duty);
    }

    @GET
    public TemplateInstance page(@PathParam("imposer") String imposer, @PathParam("partner") String partner,
                                 @QueryParam("hs") String hs, @QueryParam("at") String at,
                                 @QueryParam("knownAt") String knownAt, @QueryParam("include") String include) {
        PairQuery q = PairQuery.of(imposer, partner, hs, at, knownAt, include, clock.instant());
        Fetched<List<RateModels.Measure>> measures = tariffs.measures(q.imposer(), q.partner());
        DutyView duty = duty(q, null, sources(measures));
        Fetched<List<String>> imposers = tariffs.imposers();
        DutyView reverse = null;
        if (imposers.orElse(List.of()).contains(q.partner())) {
            PairQuery back = new PairQuery(q.partner(), q.imposer(), null, q.at(), q.knownAt(), q.include());
            reverse = duty(back, null, sources(tariffs.measures(q.partner(), q.imposer())));
        }
        Fetched<List<DecomposedStep>> history = tariffs.decomposedHistory(q.imposer(), q.partner(), q.hs(),
                q.at().minus(Duration.ofDays(365)), q.at().plus(Duration.ofDays(180)), q.knownAt(), q.include());
        Fetched<List<ChangeGroup>> ahead = tariffs.changes(List.of(q.imposer()), q.partner(), q.at(),
                q.at().plus(Duration.ofDays(365)), q.knownAt());
        List<String> notes = Fetched.outages(measures, history, ahead);
        List<ScheduleRow> schedule = ahead.orElse(List.of()).stream().map(g -> new ScheduleRow(Formats.day(g.at()),
                Formats.percent(g.previousRate()) + " → " + Formats.percent(g.newRate()), Formats.delta(g.delta()),
                g.delta().signum() > 0 ? "up" : "down", g.cause() == null ? "" : g.cause().kind().name(),
                g.cause() == null ? "" : g.cause().headline(), Formats.relativeDays(g.at(), q.at()))).toList();
        return Templates.pair(new PairView(q.imposer(), q.partner(), Formats.country(q.imposer()),
                Formats.country(q.partner()), Formats.isoDay(q.at()), q.knownAt() == null ? "" : Formats.isoDay(q.knownAt()),
                q.include() == null ? "" : q.include(), q.hs() == null ? "" : q.hs(), duty, reverse, schedule,
                chartJson(history.orElse(List.of()), measures.orElse(List.of()), q.at()), history.failure()),
                "pair", notes);
    }

    /** The HS-code lookup: the duty on one code with its breakdown (an htmx fragment). */
    @GET
    @Path("/lookup")
    public TemplateInstance lookup(@PathParam("imposer") String imposer, @PathParam("partner") String partner,
                                   @QueryParam("hs") String hs, @QueryParam("at") String at,
                                   @QueryParam("knownAt") String knownAt, @QueryParam("include") String include) {
        PairQuery q = PairQuery.of(imposer, partner, hs, at, knownAt, include, clock.instant());
        return Templates.lookup(duty(q, q.hs(), sources(tariffs.measures(q.imposer(), q.partner()))));
    }

    private DutyView duty(PairQuery q, String hs, Map<String, PolicyEvent.Source> sources) {
        Fetched<RateModels.Duty> fetched = tariffs.duty(q.imposer(), q.partner(), hs == null ? q.hs() : hs, q.at(),
                q.knownAt(), q.include());
        String title = Formats.country(q.imposer()) + " on goods from " + Formats.country(q.partner());
        if (!fetched.ok()) {
            return new DutyView(q.imposer(), q.partner(), title, hs, null, null, null, List.of(), fetched.failure());
        }
        RateModels.Duty d = fetched.value();
        List<ComponentRow> rows = d.components().stream().map(c -> {
            PolicyEvent.Source s = sources.get(c.measureId());
            return new ComponentRow(c.measureId(), c.authority(), Formats.percent(c.rate()),
                    c.state() == null ? "" : c.state().name(), s == null ? null : s.url(), s == null ? null : s.citation());
        }).toList();
        return new DutyView(d.imposer(), d.partner(), title, d.hs(), Formats.percent(d.additional()),
                Formats.percent(d.base()), Formats.percent(d.total()), rows, null);
    }

    /** Each measure's latest source (the events come in publishing order). */
    private static Map<String, PolicyEvent.Source> sources(Fetched<List<RateModels.Measure>> measures) {
        Map<String, PolicyEvent.Source> sources = new HashMap<>();
        for (RateModels.Measure m : measures.orElse(List.of())) {
            for (PolicyEvent e : m.events()) {
                if (e.source() != null && e.source().url() != null) {
                    sources.put(m.id(), e.source());
                }
            }
        }
        return sources;
    }

    /** The step chart's data: per measure its part at each step, and the total; read by /assets/pair.js. */
    record ChartData(List<String> steps, Map<String, List<BigDecimal>> byMeasure, Map<String, String> labels,
                     List<BigDecimal> additional, String at) {
    }

    private static String chartJson(List<DecomposedStep> history, List<RateModels.Measure> measures, Instant at) {
        List<String> starts = new ArrayList<>();
        Map<String, List<BigDecimal>> byMeasure = new LinkedHashMap<>();
        List<BigDecimal> additional = new ArrayList<>();
        history.forEach(s -> s.byMeasure().keySet().forEach(m -> byMeasure.putIfAbsent(m, new ArrayList<>())));
        for (DecomposedStep s : history) {
            starts.add(s.from().toString());
            additional.add(s.additional());
            byMeasure.forEach((m, parts) -> parts.add(s.byMeasure().getOrDefault(m, BigDecimal.ZERO)));
        }
        if (!history.isEmpty()) { // the last step drawn to its end
            DecomposedStep last = history.get(history.size() - 1);
            starts.add(last.until().toString());
            additional.add(last.additional());
            byMeasure.forEach((m, parts) -> parts.add(last.byMeasure().getOrDefault(m, BigDecimal.ZERO)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        byMeasure.keySet().forEach(id -> labels.put(id, measures.stream().filter(m -> m.id().equals(id))
                .map(m -> m.authority() == null ? id : id + " (" + m.authority() + ")").findFirst().orElse(id)));
        try {
            // inside a <script> element: no "<" may close it
            return Json.mapper().writeValueAsString(new ChartData(starts, byMeasure, labels, additional, at.toString()))
                    .replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
