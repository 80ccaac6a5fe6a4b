package io.tariffwatch.ingest.service;

import io.tariffwatch.events.PolicyEvent;

/** An accepted event as recorded, and whether this request recorded it or repeated an earlier one. */
public record AcceptedEvent(PolicyEvent recorded, boolean repeat) {
}
