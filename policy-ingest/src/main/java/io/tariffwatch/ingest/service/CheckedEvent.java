package io.tariffwatch.ingest.service;

import io.tariffwatch.events.PolicyEvent;

/** A valid event as bound and normalised, with the hash of its content that tells a repeat from a conflict:
 * both made in the publishing request's thread, so that the group commit's one thread only records. */
record CheckedEvent(PolicyEvent event, String contentHash) {
}
