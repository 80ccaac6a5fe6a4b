package io.tariffwatch.ingest.service;

import io.tariffwatch.ingest.repository.ApiKey;

/** Who holds a live API key: the key's name and role. */
public record KeyHolder(String name, ApiKey.Role role) {
}
