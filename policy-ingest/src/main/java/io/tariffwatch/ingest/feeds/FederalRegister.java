package io.tariffwatch.ingest.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The Federal Register behind deadlines: each call times out after 20 s, an outage (5xx, no connection, a body that
 * does not read) is retried twice with back-off, and after three failures in four calls the circuit stays open for a
 * minute (a body that does not read counts as an outage). A 429 or another 4xx is never retried here: the watcher waits as asked, or reports the bad request.
 */
@ApplicationScoped
@Timeout(value = 20, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 2, delayUnit = ChronoUnit.SECONDS, jitter = 500,
        retryOn = {FeedFailure.Unavailable.class, ProcessingException.class},
        abortOn = {FeedFailure.RateLimited.class, FeedFailure.Refused.class})
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS,
        skipOn = {FeedFailure.RateLimited.class, FeedFailure.Refused.class})
public class FederalRegister {
    private final FederalRegisterClient client;
    private final ObjectMapper mapper;

    FederalRegister(@RestClient FederalRegisterClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    public FederalRegisterClient.Page documents(LocalDate publishedSince, List<String> types, List<String> agencies,
                                                String term, int perPage, int page) {
        return page(client.documents(publishedSince, types, agencies, term, "oldest", perPage, page,
                FederalRegisterClient.FIELDS));
    }

    public FederalRegisterClient.Page publicInspection() {
        return page(client.publicInspection());
    }

    /** The API's envelope, bound here: the edge where the feed's JSON becomes records. */
    private FederalRegisterClient.Page page(String body) {
        try {
            FederalRegisterClient.Page page = mapper.readValue(body, FederalRegisterClient.Page.class);
            if (page == null) {
                throw new FeedFailure.Unavailable("the feed answered an empty body");
            }
            return page;
        } catch (JsonProcessingException e) {
            throw new FeedFailure.Unavailable("the feed's answer does not read: " + e.getOriginalMessage());
        }
    }
}
