package io.tariffwatch.dashboard.clients;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** rate-engine's rate API (README "Rate API"); a null query parameter is left out. */
@RegisterRestClient(configKey = "rate-engine")
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface RateEngineClient {
    @GET
    @Path("/rates")
    RateModels.Imposers imposers();

    @GET
    @Path("/rates/{imposer}")
    RateModels.Headlines headlines(@PathParam("imposer") String imposer, @QueryParam("at") String at,
                                   @QueryParam("knownAt") String knownAt, @QueryParam("include") String include);

    @GET
    @Path("/rates/{imposer}/{partner}")
    RateModels.Duty rate(@PathParam("imposer") String imposer, @PathParam("partner") String partner,
                         @QueryParam("hs") String hs, @QueryParam("at") String at,
                         @QueryParam("knownAt") String knownAt, @QueryParam("include") String include);

    @GET
    @Path("/rates/{imposer}/{partner}/history")
    List<RateModels.HistoryStep> history(@PathParam("imposer") String imposer, @PathParam("partner") String partner,
                                         @QueryParam("hs") String hs, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @QueryParam("knownAt") String knownAt,
                                         @QueryParam("include") String include);

    @GET
    @Path("/rates/{imposer}/changes")
    RateModels.Changes changes(@PathParam("imposer") String imposer, @QueryParam("partner") String partner,
                               @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("knownAt") String knownAt, @QueryParam("include") String include,
                               @QueryParam("limit") Integer limit);

    @GET
    @Path("/measures")
    List<RateModels.Measure> measures(@QueryParam("imposer") String imposer, @QueryParam("partner") String partner);
}
