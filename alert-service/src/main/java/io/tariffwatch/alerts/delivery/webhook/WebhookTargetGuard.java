package io.tariffwatch.alerts.delivery.webhook;

import io.tariffwatch.alerts.config.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks off internal networks (SSRF): a target must be https and resolve only to public addresses,
 * unless TARIFFWATCH_WEBHOOK_ALLOWED_HOSTS names its host as written in the URL (a name or an address) or a
 * CIDR range holding every address it resolves to: allowing 127.0.0.1 does not allow localhost. Checked when a
 * subscription is made and again before every delivery, since DNS answers change; a delivery connects to the
 * address checked (no second lookup a rebinding DNS server could answer differently). IPv6 forms that embed an
 * IPv4 address (NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}, IPv4-compatible
 * {@code ::a.b.c.d}) are judged by the address they embed.
 */
@ApplicationScoped
public class WebhookTargetGuard {
    private final List<String> allowed;

    WebhookTargetGuard(AlertConfig config) {
        this.allowed = config.webhookAllowedHosts().orElse(List.of()).stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** A webhook target after the check: the address to connect to, or why it may not be called. */
    public record Checked(URI uri, InetAddress address, String refusal) {
        static Checked refused(String why) {
            return new Checked(null, null, why);
        }
    }

    /** Null when the URL may be called; otherwise why not. */
    public String refusal(String url) {
        return check(url).refusal();
    }

    public Checked check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Checked.refused("not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Checked.refused("a webhook target is an absolute https URL");
        }
        if (uri.getUserInfo() != null) {
            return Checked.refused("a webhook URL may not carry credentials");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Checked.refused("the host " + host + " does not resolve");
        }
        boolean hostAllowed = allowed.contains(host);
        for (InetAddress address : addresses) {
            boolean addressAllowed = hostAllowed || allowed.stream().anyMatch(a -> a.contains("/") && inRange(a, address));
            if (!addressAllowed && isInternal(address)) {
                return Checked.refused("the host " + host + " resolves to " + address.getHostAddress()
                        + ", a private, loopback, link-local or metadata address");
            }
            if (!addressAllowed && !scheme.equals("https")) {
                return Checked.refused("a webhook target must use https");
            }
        }
        return new Checked(uri, addresses[0], null);
    }

    static boolean isInternal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240;
        }
        if (a instanceof Inet6Address) {
            InetAddress embedded = embeddedIpv4(b);
            return (b[0] & 0xfe) == 0xfc // unique local fc00::/7
                    || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0 // site-local fec0::/10 (deprecated)
                    || embedded != null && isInternal(embedded);
        }
        return false;
    }

    /** The IPv4 address an IPv6 address carries, in the forms that reach it: NAT64 64:ff9b::/96 (last 32 bits),
     * 6to4 2002::/16 (bits 16–47), Teredo 2001:0::/32 (the client, last 32 bits inverted), IPv4-compatible
     * ::/96; else null. */
    static InetAddress embeddedIpv4(byte[] b) {
        byte[] v4;
        if (startsWith(b, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if (startsWith(b, 0x20, 0x02)) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        } else if (startsWith(b, 0x20, 0x01, 0, 0)) {
            v4 = new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
        } else if (startsWith(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) && !(b[12] == 0 && b[13] == 0 && b[14] == 0)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code range} (an address or CIDR) holds {@code address}. */
    static boolean inRange(String range, InetAddress address) {
        String[] parts = range.split("/");
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] addr = address.getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : net.length * 8;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
