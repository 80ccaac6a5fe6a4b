package io.tariffwatch.rates.api;

import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.engine.RateEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/measures")
@Tag(name = "measures")
@Produces(MediaType.APPLICATION_JSON)
public class MeasureResource {
    private final RateEngine engine;

    MeasureResource(RateEngine engine) {
        this.engine = engine;
    }

    @GET
    @Operation(summary = "An imposer's measures with their source events; with a partner, only those that "
            + "target it, each with its timeline on the partner's general goods")
    public List<MeasureView> measures(@QueryParam("imposer") String imposer, @QueryParam("partner") String partner) {
        QueryParams.country("imposer", imposer);
        if (partner != null) {
            QueryParams.country("partner", partner);
        }
        return engine.book().measures(imposer, partner).stream().map(MeasureView::of).toList();
    }

    /** A measure as the API shows it: attributes, source events in publishing order, and with a partner its
     * timeline on the partner's general goods. */
    public record MeasureView(String id, String imposer, String authority, String title, PolicyEvent.Role role,
                              PolicyEvent.Basis basis, List<String> yieldsTo, List<PolicyEvent> events,
                              List<TimelineEntry> timeline) {
        static MeasureView of(TariffBook.MeasureSummary m) {
            return new MeasureView(m.id(), m.imposer(), m.authority(), m.title(), m.role(), m.basis(), m.yieldsTo(),
                    m.events(), m.timeline() == null ? null : m.timeline().stream().map(TimelineEntry::of).toList());
        }
    }

    /** From {@code from} until {@code until} (null: open) the measure applies {@code rate} (null: not at all). */
    public record TimelineEntry(Instant from, Instant until, BigDecimal rate, boolean paused) {
        static TimelineEntry of(TariffBook.TimelineStep s) {
            return new TimelineEntry(s.from(), s.until(), s.rate(), s.paused());
        }
    }
}
