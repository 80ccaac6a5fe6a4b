package io.tariffwatch.alerts.delivery.webhook;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.alerts.config.AlertConfig;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetGuardTest {

    /** A guard with the given allow-list; only webhookAllowedHosts is read. */
    static WebhookTargetGuard guard(String... allowed) {
        AlertConfig config = (AlertConfig) Proxy.newProxyInstance(AlertConfig.class.getClassLoader(),
                new Class<?>[] {AlertConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("webhookAllowedHosts")) {
                        return allowed.length == 0 ? Optional.empty() : Optional.of(List.of(allowed));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new WebhookTargetGuard(config);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/", "https://169.254.169.254/latest/meta-data", "https://10.0.0.1/",
            "https://localhost/", "https://127.0.0.1:8443/x", "https://[::1]/", "https://192.168.1.20/hook",
            "https://172.16.5.4/", "https://100.64.0.1/", "https://0.0.0.0/", "ftp://example.org/",
            "https://user:pw@127.0.0.1/", "not a url", "https:///nohost"})
    void refusesInternalAddressesAndOtherSchemes(String url) {
        assertNotNull(guard().refusal(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://8.8.8.8/hook", "http://1.1.1.1/"})
    void refusesPlainHttpToPublicAddresses(String url) {
        String refusal = guard().refusal(url);
        assertNotNull(refusal);
        assertTrue(refusal.contains("https"), refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hook", "https://1.1.1.1:8443/path?x=1"})
    void acceptsHttpsToPublicAddresses(String url) {
        assertNull(guard().refusal(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/hook", "https://127.0.0.1/hook"})
    void anAllowedHostMayBeInternalAndPlainHttp(String url) {
        assertNull(guard("127.0.0.1").refusal(url));
        assertNull(guard("127.0.0.0/8").refusal(url));
        assertNotNull(guard("10.0.0.0/8").refusal(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://[64:ff9b::a9fe:a9fe]/", "https://[64:ff9b::7f00:1]/", "https://[64:ff9b::a00:1]/",
            "https://[2002:c0a8:101::1]/", "https://[2002:7f00:1::]/", "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",
            "https://[::7f00:1]/", "https://[::a9fe:a9fe]/", "https://[::ffff:10.0.0.1]/", "https://[fec0::1]/"})
    void refusesIpv6FormsThatEmbedAnInternalIpv4Address(String url) {
        assertNotNull(guard().refusal(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://[64:ff9b::808:808]/hook", "https://[2002:808:808::1]/", "https://[2606:4700::1111]/"})
    void acceptsIpv6FormsOfPublicAddresses(String url) {
        assertNull(guard().refusal(url), url);
    }

    @org.junit.jupiter.api.Test
    void theCheckedAddressIsTheOneToConnectTo() {
        WebhookTargetGuard.Checked checked = guard("127.0.0.1").check("http://127.0.0.1:9000/hook?x=1");
        assertNull(checked.refusal());
        assertTrue(checked.address().isLoopbackAddress());
        assertTrue(checked.uri().getPort() == 9000);
        assertNull(guard().check("https://10.1.2.3/").address());
    }

    @org.junit.jupiter.api.Test
    void cidrRangesMatchByPrefix() throws Exception {
        assertTrue(WebhookTargetGuard.inRange("10.0.0.0/8", InetAddress.getByName("10.200.3.4")));
        assertTrue(!WebhookTargetGuard.inRange("10.0.0.0/16", InetAddress.getByName("10.1.0.1")));
        assertTrue(WebhookTargetGuard.inRange("fd00::/8", InetAddress.getByName("fd12::1")));
    }
}
