package io.tariffwatch.support.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule: a key whose value ships in this repository (the local run's and compose's demo keys, the tests'
 * keys, the Kubernetes placeholders {@code change-me…}) is public knowledge and must not guard a real
 * deployment.
 */
public final class ShippedKeys {
    /** The settings that hold keys, as their environment variables name them. */
    public static final List<String> KEY_SETTINGS = List.of("tariffwatch.publisher-key", "tariffwatch.admin-key",
            "tariffwatch.reader-key",
            "quarkus.mailer.password", "quarkus.datasource.password");

    private static final Set<String> SHIPPED = Set.of("demo-publisher-key", "demo-reader-key", "test-publisher-key",
            "test-admin-key");

    private ShippedKeys() {
    }

    public static boolean isShipped(String value) {
        String v = value.trim();
        return SHIPPED.contains(v) || v.startsWith("change-me");
    }

    /** One sentence per setting (name → value; absent ones left out) whose value is a shipped key. */
    public static List<String> refusals(Map<String, String> settings) {
        List<String> refusals = new ArrayList<>();
        for (String name : KEY_SETTINGS) {
            String value = settings.get(name);
            if (value != null && !value.isBlank() && isShipped(value)) {
                refusals.add(name + " holds a demo or placeholder value that ships with TariffWatch; set a secret of your own");
            }
        }
        return refusals;
    }
}
