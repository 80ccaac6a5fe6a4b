package io.tariffwatch.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;

/** An accepted event as recorded, and whether this request recorded it or repeated an earlier one. */
public record AcceptedEvent(JsonNode recorded, boolean repeat) {
}
