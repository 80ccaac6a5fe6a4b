package io.tariffwatch.alerts.delivery.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.events.PolicyDocument;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange;
import io.tariffwatch.events.UpcomingNotice;
import java.time.Instant;
import java.util.List;

/**
 * What an alert about tariffs says, bound once from its data by its type: the e-mail's words are made from
 * these records ({@link AlertText}), never by walking JSON.
 */
public sealed interface AlertContent
        permits AlertContent.Changed, AlertContent.Upcoming, AlertContent.Announced, AlertContent.Filed {

    /** The sentence of the e-mail; {@code now} for "in 7 days". */
    String sentence(Instant now);

    /** The subject, before it is made one line. */
    String headline();

    /** One line per component of the duty, where the alert carries them. */
    default List<String> components() {
        return List.of();
    }

    default String summary() {
        return "";
    }

    /** A rate change, or a correction or withdrawal of one ({@code corrects} set). */
    record Changed(RateChange change) implements AlertContent {
        @Override
        public String sentence(Instant now) {
            return change.correction() ? AlertText.correction(change) : AlertText.rateChange(change);
        }

        @Override
        public String headline() {
            return change.correction() ? AlertText.correctionHeadline(change) : AlertText.rateChangeHeadline(change);
        }

        @Override
        public List<String> components() {
            return AlertText.components(change.components());
        }
    }

    record Upcoming(UpcomingNotice notice) implements AlertContent {
        @Override
        public String sentence(Instant now) {
            return AlertText.notice(notice, now);
        }

        @Override
        public String headline() {
            return AlertText.noticeHeadline(notice);
        }
    }

    record Announced(PolicyEvent event) implements AlertContent {
        @Override
        public String sentence(Instant now) {
            return AlertText.policy(event);
        }

        @Override
        public String headline() {
            return AlertText.truncate(AlertText.policy(event), 150);
        }

        @Override
        public String summary() {
            return event.summary() == null ? "" : event.summary();
        }
    }

    /** A document of a feed: filed for public inspection, or published. */
    record Filed(PolicyDocument document) implements AlertContent {
        @Override
        public String sentence(Instant now) {
            return AlertText.document(document);
        }

        @Override
        public String headline() {
            return AlertText.truncate(AlertText.documentHeadline(document), 150);
        }

        @Override
        public String summary() {
            return document.summary() == null ? "" : document.summary();
        }
    }

    /** The content of an alert of {@code type} from its data (as stored, and as a digest quotes it). */
    static AlertContent of(AlertType type, JsonNode data, ObjectMapper mapper) {
        try {
            return switch (type) {
                case RATE_CHANGED, RATE_CORRECTED -> new Changed(mapper.treeToValue(data, RateChange.class));
                case RATE_UPCOMING -> new Upcoming(mapper.treeToValue(data, UpcomingNotice.class));
                case POLICY_ANNOUNCED -> new Announced(mapper.treeToValue(data, PolicyEvent.class));
                case POLICY_DOCUMENT -> new Filed(mapper.treeToValue(data, PolicyDocument.class));
                default -> throw new IllegalArgumentException(type + " is not an alert about tariffs");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the data of a " + type.wireName() + " alert does not read: "
                    + e.getOriginalMessage(), e);
        }
    }
}
