package io.tariffwatch.support.secrets;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * In the {@code prod} profile a service refuses to start with a shipped key ({@link ShippedKeys}). The local
 * run and compose add the {@code demo} profile ({@code QUARKUS_PROFILE=prod,demo}): their demo keys are then
 * accepted, with a warning.
 */
@ApplicationScoped
public class ShippedKeysCheck {
    private static final Logger LOG = Logger.getLogger(ShippedKeysCheck.class);

    void refuseShippedKeys(@Observes @Priority(1) StartupEvent start, Config config) {
        Map<String, String> settings = new HashMap<>();
        for (String name : ShippedKeys.KEY_SETTINGS) {
            config.getOptionalValue(name, String.class).ifPresent(v -> settings.put(name, v));
        }
        List<String> refusals = ShippedKeys.refusals(settings);
        if (refusals.isEmpty()) {
            return;
        }
        List<String> profiles = ConfigUtils.getProfiles();
        if (profiles.contains("prod") && !profiles.contains("demo")) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", refusals));
        }
        refusals.forEach(r -> LOG.warnf("%s (accepted: profile %s)", r, profiles));
    }
}
