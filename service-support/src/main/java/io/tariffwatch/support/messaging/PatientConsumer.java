package io.tariffwatch.support.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every consumer of the project treats a record: it is processed until that succeeds. A failure — the
 * database or the broker away, for however long — is retried with back-off, never skipped, dead-lettered
 * or acknowledged, while readiness says which channel waits ({@link ConsumerHealth}). Records no retry can
 * help are the caller's to recognise (see {@link DeadLetters#processOrDeadLetter}). The consumer's partition waits meanwhile (the connector pauses fetching when
 * its buffer is full), so order is kept.
 */
@ApplicationScoped
public class PatientConsumer {
    private static final Logger LOG = Logger.getLogger(PatientConsumer.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final MeterRegistry meters;
    private final Map<String, String> waiting = new ConcurrentHashMap<>();

    PatientConsumer(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs {@code work} until it completes, waiting out the failures of what it depends on. */
    public void untilDone(String channel, Runnable work) {
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                work.run();
                if (waiting.remove(channel) != null) {
                    LOG.infof("%s: consuming again", channel);
                }
                return;
            } catch (RuntimeException e) {
                if (waiting.put(channel, String.valueOf(e.getMessage())) == null) {
                    LOG.warnf("%s: waiting for a dependency, the record is retried and not acknowledged: %s", channel, e);
                }
                meters.counter("tariffwatch.records.retried", "channel", channel).increment();
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(channel + ": stopped while waiting; the record is not acknowledged", stop);
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        }
    }

    /** Runs {@code work} until it completes, as {@link #untilDone}, and gives its answer. */
    public <T> T untilAnswered(String channel, Supplier<T> work) {
        AtomicReference<T> answer = new AtomicReference<>();
        untilDone(channel, () -> answer.set(work.get()));
        return answer.get();
    }

    /** Channels waiting for a dependency right now, with the last failure. */
    public Map<String, String> waiting() {
        return Map.copyOf(waiting);
    }
}
