package io.tariffwatch.support.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShippedKeysTest {
    @Test
    void theKeysThatShipAreRecognised() {
        for (String shipped : List.of("demo-publisher-key", "test-publisher-key", "test-admin-key", "change-me",
                "change-me-admin", "change-me-publisher", " change-me-ingest ")) {
            assertTrue(ShippedKeys.isShipped(shipped), shipped);
        }
        for (String own : List.of("twk_Q2hhbmdlZCBieSB0aGUgb3BlcmF0b3I", "fault-run-admin", "s3cret-of-our-own")) {
            assertFalse(ShippedKeys.isShipped(own), own);
        }
    }

    @Test
    void eachSettingHoldingAShippedKeyIsNamedAndTheOthersAreNot() {
        List<String> refusals = ShippedKeys.refusals(Map.of(
                "tariffwatch.publisher-key", "demo-publisher-key",
                "tariffwatch.admin-key", "an-admin-key-of-our-own",
                "quarkus.mailer.password", "change-me",
                "quarkus.datasource.password", "change-me-ingest"));
        assertEquals(3, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).startsWith("tariffwatch.publisher-key "), refusals.get(0));
        assertTrue(refusals.get(1).startsWith("quarkus.mailer.password "), refusals.get(1));
        assertTrue(refusals.get(2).startsWith("quarkus.datasource.password "), refusals.get(2));
        assertEquals(List.of(), ShippedKeys.refusals(Map.of("tariffwatch.admin-key", " ")));
    }
}
