package io.tariffwatch.rates.replicas;

import io.tariffwatch.rates.engine.RateEngine;
import io.tariffwatch.rates.messaging.PolicyEventLog;
import io.tariffwatch.rates.persistence.ReplicaRepository;
import io.tariffwatch.rates.persistence.ReplicaRepository.RebuildOutcome;
import io.tariffwatch.rates.replicas.Leadership.LeadershipLost;
import io.tariffwatch.support.domain.Refused;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * A rebuild asked of any replica: the leader runs it at once; a follower records the request, which the
 * leader runs within a second, and answers with its outcome.
 */
@ApplicationScoped
public class Rebuilds {
    /** As long as the rebuild's own transaction may take. */
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(250);

    private final RateEngine engine;
    private final PolicyEventLog log;
    private final ReplicaRepository replicas;
    private final Clock clock;

    Rebuilds(RateEngine engine, PolicyEventLog log, ReplicaRepository replicas, Clock clock) {
        this.engine = engine;
        this.log = log;
        this.replicas = replicas;
        this.clock = clock;
    }

    public RebuildOutcome rebuild() {
        if (engine.leading()) {
            try {
                return engine.rebuild(log::readAll);
            } catch (LeadershipLost lost) {
                // another replica leads now: ask it
            }
        }
        UUID request = replicas.requestRebuild(clock.instant());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RebuildOutcome> outcome = replicas.rebuildOutcome(request);
            if (outcome.isPresent()) {
                return outcome.get();
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw Refused.unavailable("no replica led and completed the rebuild within " + WAIT
                + " (leader: " + replicas.leader() + "); it stays asked for and runs when one leads");
    }
}
