package io.tariffwatch.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A public document that may change tariffs — a presidential document, a USTR or CBP notice — as a feed of
 * policy-ingest first saw it (README "Feeds"): filed for public inspection ({@code PUBLIC_INSPECTION}, published a
 * few days later) or published. On {@code policy.documents}, keyed by its document number; each document once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyDocument(
        String id,
        String documentNumber,
        Stage stage,
        String title,
        String type,
        String subtype,
        Integer executiveOrderNumber,
        List<String> agencies,
        LocalDate publicationDate,
        LocalDate signingDate,
        LocalDate effectiveOn,
        OffsetDateTime filedAt,
        String htmlUrl,
        String pdfUrl,
        String citation,
        @JsonProperty("abstract") String summary,
        String source,
        OffsetDateTime seenAt) implements TopicRecord {

    /** Where the document stood when first seen. */
    public enum Stage { PUBLIC_INSPECTION, PUBLISHED }

    /** The record id: derived from the document number, so the same document is the same record. */
    public static String idOf(String source, String documentNumber) {
        return UUID.nameUUIDFromBytes((source + ":" + documentNumber).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String topic() {
        return Topics.POLICY_DOCUMENTS;
    }

    @Override
    public String key() {
        return documentNumber;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_POLICY_DOCUMENT;
    }
}
