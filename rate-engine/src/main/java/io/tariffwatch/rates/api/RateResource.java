package io.tariffwatch.rates.api;

import io.tariffwatch.events.CauseKind;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.RateChange.Component;
import io.tariffwatch.rates.domain.Rate;
import io.tariffwatch.rates.domain.Cause;
import io.tariffwatch.rates.domain.RateQuery;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.engine.RateEngine;
import io.tariffwatch.support.problem.Problem;
import io.tariffwatch.support.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rate API (the README's "Rate API"): read-only, no authentication. */
@Path("/api/v1/rates")
@Tag(name = "rates")
@Produces(MediaType.APPLICATION_JSON)
public class RateResource {
    private final RateEngine engine;
    private final Clock clock;

    RateResource(RateEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    public record RateView(String imposer, String partner, String hs, Instant at, Instant knownAt, BigDecimal base,
                           BigDecimal additional, BigDecimal total, List<Component> components, List<String> causes) {
    }

    public record Headline(String partner, BigDecimal additional, BigDecimal total) {
    }

    public record HeadlinesView(String imposer, Instant at, List<Headline> partners) {
    }

    public record ImposersView(List<String> imposers) {
    }

    /** A transition of one partner's duty; {@code retroactive} when its cause was announced after it took effect. */
    public record PartnerChange(String partner, Instant at, BigDecimal previousRate, BigDecimal newRate,
                                BigDecimal delta, boolean retroactive, RateChange.Cause cause) {
    }

    public record ChangesView(String imposer, Instant from, Instant to, List<PartnerChange> changes,
                              boolean truncated) {
    }

    /** From {@code from} until {@code until} the additional duty is {@code additional}, for these causes. */
    public record HistoryEntry(Instant from, Instant until, BigDecimal additional, List<String> causes) {
    }

    public record ScheduleEntry(Instant at, BigDecimal previousRate, BigDecimal newRate, CauseKind causeKind,
                                String causeEventId) {
    }

    @GET
    @Operation(summary = "The imposers with known measures")
    public ImposersView imposers() {
        return new ImposersView(engine.book().imposers().stream().sorted().toList());
    }

    @GET
    @Path("/{imposer}/changes")
    @Operation(summary = "Every transition of the imposer's duties in [from, to) (defaults: the last 30 days and the "
            + "next 365), one partner's or every partner's, oldest first, at most `limit` (default 1000, up to 5000)")
    public ChangesView changes(@PathParam("imposer") String imposer, @QueryParam("partner") String partner,
                               @QueryParam("hs") String hs, @QueryParam("from") String from,
                               @QueryParam("to") String to, @QueryParam("knownAt") String knownAt,
                               @QueryParam("include") String include, @QueryParam("limit") String limit) {
        Instant now = clock.instant();
        Instant start = QueryParams.instant("from", from, now.minus(Duration.ofDays(30)));
        Instant end = QueryParams.instant("to", to, now.plus(Duration.ofDays(365)));
        if (!end.isAfter(start)) {
            throw QueryParams.bad("to", "after-from", to, "to must be after from");
        }
        int max = QueryParams.limit(limit, 1000, 5000);
        if (partner != null) {
            QueryParams.country("partner", partner);
        }
        RateQuery q = query(imposer, partner == null ? imposer : partner, hs, null, knownAt, include);
        TariffBook book = engine.book();
        List<String> partners = partner == null ? List.copyOf(book.partners(imposer)) : List.of(partner);
        List<PartnerChange> changes = new ArrayList<>();
        for (String p : partners) {
            RateQuery pq = new RateQuery(q.imposer(), p, q.hs(), q.at(), q.knownAt(), q.minStage());
            for (TariffBook.ScheduledChange c : book.changes(pq, start, end)) {
                RateChange.Cause cause = Cause.toContract(c.cause());
                boolean retroactive = c.cause() != null && c.cause().event().announcedOrRecordedAt() != null
                        && c.cause().event().announcedOrRecordedAt().toInstant().isAfter(c.at());
                BigDecimal previous = c.before().additional();
                BigDecimal next = c.after().additional();
                changes.add(new PartnerChange(p, c.at(), previous, next, next.subtract(previous), retroactive, cause));
            }
        }
        changes.sort(Comparator.comparing(PartnerChange::at).thenComparing(PartnerChange::partner));
        boolean truncated = changes.size() > max;
        return new ChangesView(q.imposer(), start, end, truncated ? changes.subList(0, max) : changes, truncated);
    }

    @GET
    @Path("/{imposer}/{partner}")
    @Operation(summary = "The duty of an imposer on a partner's goods (HS code optional) at an instant")
    public RateView rate(@PathParam("imposer") String imposer, @PathParam("partner") String partner,
                         @QueryParam("hs") String hs, @QueryParam("at") String at,
                         @QueryParam("knownAt") String knownAt, @QueryParam("include") String include) {
        RateQuery q = query(imposer, partner, hs, at, knownAt, include);
        Rate rate = engine.book().rate(q);
        return new RateView(q.imposer(), q.partner(), q.hs(), q.at(), q.knownAt(), rate.base(), rate.additional(),
                rate.total(), rate.components(), rate.causes());
    }

    @GET
    @Path("/{imposer}")
    @Operation(summary = "The headline duty on every partner that some measure of the imposer targets (as known at `knownAt`, with `include=announced|threatened` the what-if)")
    public HeadlinesView headlines(@PathParam("imposer") String imposer, @QueryParam("at") String at,
                                   @QueryParam("knownAt") String knownAt, @QueryParam("include") String include) {
        RateQuery q = query(imposer, imposer, null, at, knownAt, include);
        TariffBook book = engine.book();
        Instant instant = q.at();
        List<Headline> partners = book.partners(imposer).stream().map(p -> {
            Rate r = book.rate(new RateQuery(imposer, p, null, instant, q.knownAt(), q.minStage()));
            return new Headline(p, r.additional(), r.total());
        }).filter(h -> h.additional().signum() != 0).toList();
        return new HeadlinesView(imposer, instant, partners);
    }

    @GET
    @Path("/{imposer}/{partner}/history")
    @Operation(summary = "The duty as a piecewise-constant series over [from, to)")
    public List<HistoryEntry> history(@PathParam("imposer") String imposer,
                                      @PathParam("partner") String partner, @QueryParam("hs") String hs,
                                      @QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("knownAt") String knownAt, @QueryParam("include") String include) {
        Instant now = clock.instant();
        Instant start = QueryParams.instant("from", from, now.minus(Duration.ofDays(365)));
        Instant end = QueryParams.instant("to", to, now);
        if (!end.isAfter(start)) {
            throw QueryParams.bad("to", "after-from", to, "to must be after from");
        }
        RateQuery q = query(imposer, partner, hs, null, knownAt, include);
        return engine.book().history(q, start, end).stream()
                .map(h -> new HistoryEntry(h.from(), h.until(), h.additional(), h.causes())).toList();
    }

    @GET
    @Path("/{imposer}/{partner}/schedule")
    @Operation(summary = "Known future transitions of the duty")
    public List<ScheduleEntry> schedule(@PathParam("imposer") String imposer, @PathParam("partner") String partner,
                                        @QueryParam("hs") String hs, @QueryParam("include") String include) {
        Instant now = clock.instant();
        RateQuery q = query(imposer, partner, hs, null, null, include);
        return engine.book().schedule(q, now).stream().map(s -> new ScheduleEntry(s.at(), s.before().additional(),
                s.after().additional(), s.cause() == null ? null : s.cause().kind(),
                s.cause() == null ? null : s.cause().eventId())).toList();
    }

    private RateQuery query(String imposer, String partner, String hs, String at, String knownAt, String include) {
        // every parameter is checked before the imposer is looked up: a bad request is 400 whatever is known
        QueryParams.country("imposer", imposer);
        QueryParams.country("partner", partner);
        RateQuery q = new RateQuery(imposer, partner, QueryParams.hs(hs), QueryParams.instant("at", at, clock.instant()),
                QueryParams.instant("knownAt", knownAt, null), QueryParams.minStage(include));
        knownImposer(imposer);
        return q;
    }

    private TariffBook knownImposer(String imposer) {
        QueryParams.country("imposer", imposer);
        TariffBook book = engine.book();
        if (!book.imposers().contains(imposer)) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "no measures of imposer '" + imposer
                    + "' are known"));
        }
        return book;
    }
}
