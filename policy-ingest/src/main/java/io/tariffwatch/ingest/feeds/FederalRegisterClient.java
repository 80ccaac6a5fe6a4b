package io.tariffwatch.ingest.feeds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Federal Register's public API (no key): published documents, and the public inspection desk of the day. */
@RegisterRestClient(configKey = "federal-register")
@RegisterProvider(FeedRefusals.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface FederalRegisterClient {
    /** Fields asked of each document: only what a {@link io.tariffwatch.events.PolicyDocument} holds. */
    List<String> FIELDS = List.of("document_number", "title", "type", "subtype", "executive_order_number", "agencies",
            "publication_date", "signing_date", "effective_on", "html_url", "pdf_url", "citation", "abstract");

    /** The answers are read as text and bound by {@link FederalRegister}: a body that does not read is the feed's
     * failure, reported like an outage, and leaves the client's connections clean. */
    @GET
    @Path("/documents.json")
    String documents(@QueryParam("conditions[publication_date][gte]") LocalDate publishedSince,
                   @QueryParam("conditions[type][]") List<String> types,
                   @QueryParam("conditions[agencies][]") List<String> agencies,
                   @QueryParam("conditions[term]") String term,
                   @QueryParam("order") String order,
                   @QueryParam("per_page") int perPage,
                   @QueryParam("page") int page,
                   @QueryParam("fields[]") List<String> fields);

    @GET
    @Path("/public-inspection-documents/current.json")
    String publicInspection();

    /** The API's envelope. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(Integer count, @JsonProperty("total_pages") Integer totalPages,
                @JsonProperty("next_page_url") String nextPageUrl, List<Document> results) {
        public List<Document> resultsOrEmpty() {
            return results == null ? List.of() : results;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(@JsonProperty("document_number") String documentNumber, String title, String type,
                    String subtype, @JsonProperty("executive_order_number") Integer executiveOrderNumber,
                    List<Agency> agencies, @JsonProperty("publication_date") LocalDate publicationDate,
                    @JsonProperty("signing_date") LocalDate signingDate,
                    @JsonProperty("effective_on") LocalDate effectiveOn,
                    @JsonProperty("filed_at") OffsetDateTime filedAt, @JsonProperty("html_url") String htmlUrl,
                    @JsonProperty("pdf_url") String pdfUrl, String citation,
                    @JsonProperty("abstract") String summary) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Agency(String name, String slug, @JsonProperty("raw_name") String rawName) {
    }
}
