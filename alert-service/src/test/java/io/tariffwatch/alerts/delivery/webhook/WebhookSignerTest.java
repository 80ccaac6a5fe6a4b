package io.tariffwatch.alerts.delivery.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    @Test
    void reproducesTheStandardWebhooksSpecificationTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                utf8("{\"test\": 2432232314}")));
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
        String base = WebhookSigner.sign(secret, "id", 1, utf8("{}"));
        assertNotEquals(base, WebhookSigner.sign(secret, "id2", 1, utf8("{}")));
        assertNotEquals(base, WebhookSigner.sign(secret, "id", 2, utf8("{}")));
        assertNotEquals(base, WebhookSigner.sign(secret, "id", 1, utf8("{ }")));
    }

    @Test
    void aThreadsSignaturesUnderDifferentSecretsDoNotMix() {
        // one MAC per thread, keyed anew each time: a signature under one secret is the same after others
        String first = WebhookSigner.newSecret();
        String expected = WebhookSigner.sign(first, "id", 1, utf8("{}"));
        WebhookSigner.sign(WebhookSigner.newSecret(), "other", 2, utf8("{\"a\":1}"));
        assertEquals(expected, WebhookSigner.sign(first, "id", 1, utf8("{}")));
        assertEquals(expected.split(" ")[0],
                WebhookSigner.sign(List.of(first, WebhookSigner.newSecret()), "id", 1, utf8("{}")).split(" ")[0]);
    }

    @Test
    void signsIdTimestampAndTheBodysUtf8Bytes() throws Exception {
        byte[] key = new byte[24];
        String body = "{\"name\":\"Côte d’Ivoire\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(utf8("msg.1." + body)));
        assertEquals(expected, WebhookSigner.sign("whsec_" + Base64.getEncoder().encodeToString(key), "msg", 1, utf8(body)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
