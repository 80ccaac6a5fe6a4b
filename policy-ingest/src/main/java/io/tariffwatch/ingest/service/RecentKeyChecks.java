package io.tariffwatch.ingest.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys found live in the database within the last {@code recheckAfter}, by their secret's hash: a request
 * with a key checked that recently is not looked up again (the lookup, a transaction and a query, was a quarter
 * of policy-ingest's work per published event). A revocation through this instance forgets the key at once,
 * also against lookups under way as it commits; one through another instance is seen within
 * {@code recheckAfter}. Unknown keys are never remembered. Bounded: when full, it starts over.
 */
final class RecentKeyChecks {
    private record Checked(KeyHolder holder, Instant until) {
    }

    private final Map<String, Checked> byHash = new ConcurrentHashMap<>();
    private final Duration recheckAfter;
    private final int bound;
    private final Clock clock;
    /** Advanced by every revocation: a lookup that began before one does not remember what it found. */
    private long revocations;

    RecentKeyChecks(Duration recheckAfter, int bound, Clock clock) {
        this.recheckAfter = recheckAfter;
        this.bound = bound;
        this.clock = clock;
    }

    /** The holder of the key with this hash, if it was found live less than {@code recheckAfter} ago. */
    Optional<KeyHolder> live(String hash) {
        Checked checked = byHash.get(hash);
        if (checked == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(checked.until())) {
            byHash.remove(hash, checked);
            return Optional.empty();
        }
        return Optional.of(checked.holder());
    }

    /** Taken before a lookup, handed to {@link #found}. */
    synchronized long revocations() {
        return revocations;
    }

    /** A lookup begun at {@code revocationsBefore} found the key live. */
    synchronized void found(String hash, KeyHolder holder, long revocationsBefore) {
        if (recheckAfter.isZero() || revocationsBefore != revocations) {
            return;
        }
        if (byHash.size() >= bound) {
            byHash.clear();
        }
        byHash.put(hash, new Checked(holder, clock.instant().plus(recheckAfter)));
    }

    /** The key named so was revoked (committed). */
    synchronized void revoked(String name) {
        revocations++;
        byHash.values().removeIf(c -> c.holder().name().equals(name));
    }
}
