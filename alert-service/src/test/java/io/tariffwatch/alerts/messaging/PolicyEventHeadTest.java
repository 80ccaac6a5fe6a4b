package io.tariffwatch.alerts.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tariffwatch.alerts.messaging.AlertSourceConsumers.PolicyEventHead;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.Kind;
import io.tariffwatch.events.Stage;
import org.junit.jupiter.api.Test;

class PolicyEventHeadTest {
    private static final ObjectMapper MAPPER = Json.mapper();

    private static PolicyEventHead head(String kind, String stage) throws Exception {
        String stageField = stage == null ? "" : "\"stage\":\"" + stage + "\",";
        return MAPPER.readValue("""
                {"id":"e-1","kind":"%s",%s"imposer":"US","targets":["CN"],"measure":{"id":"M","yieldsTo":["N"]},
                 "products":{"include":["8703"]},"rate":25,"effectiveFrom":"2025-04-09T04:01:00Z",
                 "deal":{"parties":["GB"]},"talks":{"parties":["CN"]},"sequence":7,"recordedAt":"2025-04-08T00:00:00Z"}"""
                .formatted(kind, stageField), PolicyEventHead.class);
    }

    @Test
    void readsWhatTheEventIsAndSkipsTheRest() throws Exception {
        PolicyEventHead head = head("HIKE", "ANNOUNCED");
        assertEquals(new PolicyEventHead("e-1", "US", Kind.HIKE, Stage.ANNOUNCED), head);
    }

    @Test
    void enactedRateEventsInformNoOneHereTheyArriveAsRateChanges() throws Exception {
        for (Kind kind : Kind.values()) {
            if (!kind.informational()) {
                assertFalse(head(kind.name(), "ENACTED").informs(), kind.name());
                assertFalse(head(kind.name(), null).informs(), kind + " without a stage is enacted");
            }
        }
    }

    @Test
    void dealsTalksAndEventsNotYetEnactedInform() throws Exception {
        assertTrue(head("DEAL", "ENACTED").informs());
        assertTrue(head("TALKS", null).informs());
        for (Stage stage : Stage.values()) {
            if (stage != Stage.ENACTED) {
                assertTrue(head("HIKE", stage.name()).informs(), stage.name());
            }
        }
    }
}
