package io.tariffwatch.ingest.service;

import io.tariffwatch.events.PolicyEvent;

/**
 * An accepted event as recorded, the JSON it was recorded as (the stored payload, what {@code policy.events}
 * carries, and the answer's body: written once, not again per answer), and whether this request recorded it or
 * repeated an earlier one.
 */
public record AcceptedEvent(PolicyEvent recorded, String json, boolean repeat) {
}
