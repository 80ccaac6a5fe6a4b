package io.tariffwatch.ingest.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tariffwatch.events.CloudEvents;
import io.tariffwatch.events.TopicRecord;
import io.tariffwatch.events.Topics;
import io.tariffwatch.support.problem.Problem;
import java.util.List;

/**
 * What {@code policy.events.rejected} carries for a record the Kafka intake refused (README "Topics"): the record
 * as read (bounded, so that the rejection always fits the broker's record size), whether it was cut, and the
 * problems; keyed like the refused record, with the refused record's topic, partition and offset as id.
 */
public record Rejection(@JsonIgnore String key, @JsonIgnore String id, String record, boolean recordTruncated,
                        List<Problem> errors) implements TopicRecord {
    @Override
    public String topic() {
        return Topics.POLICY_EVENTS_REJECTED;
    }

    @Override
    public String cloudEventType() {
        return CloudEvents.TYPE_POLICY_REJECTED;
    }
}
