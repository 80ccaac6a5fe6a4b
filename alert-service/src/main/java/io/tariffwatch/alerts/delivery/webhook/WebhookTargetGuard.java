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
 * subscription is made and again before every delivery, since DNS answers change.
 */
@ApplicationScoped
public class WebhookTargetGuard {
    private final List<String> allowed;

    WebhookTargetGuard(AlertConfig config) {
        this.allowed = config.webhookAllowedHosts().orElse(List.of()).stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** Null when the URL may be called; otherwise why not. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "not a valid URL: " + e.getMessage();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "a webhook target is an absolute https URL";
        }
        if (uri.getUserInfo() != null) {
            return "a webhook URL may not carry credentials";
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "the host " + host + " does not resolve";
        }
        boolean hostAllowed = allowed.contains(host);
        for (InetAddress address : addresses) {
            boolean addressAllowed = hostAllowed || allowed.stream().anyMatch(a -> a.contains("/") && inRange(a, address));
            if (!addressAllowed && isInternal(address)) {
                return "the host " + host + " resolves to " + address.getHostAddress()
                        + ", a private, loopback, link-local or metadata address";
            }
            if (!addressAllowed && !scheme.equals("https")) {
                return "a webhook target must use https";
            }
        }
        return null;
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
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
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
