package io.tariffwatch.dashboard.upstream;

import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * One service behind the pages. Each call has a deadline, and a circuit breaker stops calling a service that keeps
 * failing for a few seconds (SmallRye Fault Tolerance); the fallback is {@link Fetched#unavailable}, so a page
 * renders and says which part is missing. A 4xx is the service's answer, not an outage: it passes through as
 * {@link Fetched#refused} and never opens the circuit.
 */
public final class Upstream {
    private static final Logger LOG = Logger.getLogger(Upstream.class);

    private final String name;
    private final Guard guard;

    public Upstream(String name, Duration deadline) {
        this.name = name;
        this.guard = Guard.create().withDescription(name)
                .withTimeout().duration(deadline.toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker().name(name).requestVolumeThreshold(4).failureRatio(0.75)
                .delay(5, ChronoUnit.SECONDS).when(Upstream::isOutage).done()
                .build();
    }

    public String name() {
        return name;
    }

    public <T> Fetched<T> fetch(Callable<T> call) {
        try {
            // the guard needs the type only to tell asynchronous calls apart; these are synchronous
            @SuppressWarnings("unchecked")
            T value = (T) guard.call(call::call, Object.class);
            return Fetched.of(value);
        } catch (Exception e) {
            UpstreamProblem problem = refusal(e);
            if (problem != null) {
                return Fetched.refused(problem);
            }
            LOG.warnf("%s unavailable: %s", name, e.toString());
            return Fetched.unavailable(name);
        }
    }

    /** The call as an action without an answer (a PATCH, a retry). */
    public Fetched<Boolean> perform(ThrowingRunnable action) {
        return fetch(() -> {
            action.run();
            return Boolean.TRUE;
        });
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static boolean isOutage(Throwable t) {
        return refusal(t) == null;
    }

    private static UpstreamProblem refusal(Throwable t) {
        if (t instanceof WebApplicationException w && w.getResponse() != null) {
            int status = w.getResponse().getStatus();
            if (status >= 400 && status < 500) {
                try {
                    w.getResponse().bufferEntity();
                    UpstreamProblem p = w.getResponse().readEntity(UpstreamProblem.class);
                    return p.status() == 0 ? new UpstreamProblem(status, p.title(), p.detail(), p.errors()) : p;
                } catch (RuntimeException unreadable) {
                    return new UpstreamProblem(status, null, null, null);
                }
            }
        }
        return null;
    }
}
