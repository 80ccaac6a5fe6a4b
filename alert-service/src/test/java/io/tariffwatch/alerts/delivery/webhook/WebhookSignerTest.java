package io.tariffwatch.alerts.delivery.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    @Test
    void reproducesTheStandardWebhooksSpecificationTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}"));
    }

    @Test
    void newSecretsAreWhsecPrefixedBase64OfTwentyFourRandomBytes() {
        String a = WebhookSigner.newSecret();
        assertTrue(a.startsWith("whsec_"));
        assertEquals(24, Base64.getDecoder().decode(a.substring(6)).length);
        assertNotEquals(a, WebhookSigner.newSecret());
    }

    @Test
    void anyChangeOfIdTimestampOrBodyChangesTheSignature() {
        String secret = WebhookSigner.newSecret();
        String base = WebhookSigner.sign(secret, "id", 1, "{}");
        assertNotEquals(base, WebhookSigner.sign(secret, "id2", 1, "{}"));
        assertNotEquals(base, WebhookSigner.sign(secret, "id", 2, "{}"));
        assertNotEquals(base, WebhookSigner.sign(secret, "id", 1, "{ }"));
    }
}
