package io.tariffwatch.rates.api;

import io.tariffwatch.rates.domain.TariffBook;
import io.tariffwatch.rates.engine.RateEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
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
    public List<TariffBook.MeasureSummary> measures(@QueryParam("imposer") String imposer,
                                                    @QueryParam("partner") String partner) {
        QueryParams.country("imposer", imposer);
        if (partner != null) {
            QueryParams.country("partner", partner);
        }
        return engine.book().measures(imposer, partner);
    }
}
