package io.tariffwatch.events;

/**
 * A contract record on its way to its topic (README "Topics"): the topic, the record key, and the CloudEvents id
 * and type its headers carry; the record's value is its JSON. The outbox takes these, not loose strings.
 */
public interface TopicRecord {
    String topic();

    String key();

    /** The CloudEvents id: the record's own id. */
    String id();

    String cloudEventType();
}
