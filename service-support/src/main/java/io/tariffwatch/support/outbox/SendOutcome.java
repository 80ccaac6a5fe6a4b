package io.tariffwatch.support.outbox;

import java.util.Set;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/** What the broker made of one outbox record: acknowledged, refused for good, or not (yet) answered. */
public sealed interface SendOutcome {
    /** Errors that no retry can cure: the record itself is wrong for this broker. */
    Set<Class<? extends Throwable>> REFUSED_FOR_GOOD = Set.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidTopicException.class, InvalidRecordException.class,
            SerializationException.class);

    record Acknowledged() implements SendOutcome {
    }

    record Refused(String reason) implements SendOutcome {
    }

    /** A broker outage, a time-out, anything that may pass: the record waits and is sent again. */
    record NotYet(String reason) implements SendOutcome {
    }

    static SendOutcome of(Throwable failure) {
        if (failure == null) {
            return new Acknowledged();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (REFUSED_FOR_GOOD.contains(t.getClass())) {
                return new Refused(t.getClass().getSimpleName() + ": " + t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new NotYet(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }
}
