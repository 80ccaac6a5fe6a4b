package io.tariffwatch.rates.replicas;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Names this replica, once per process, unless {@code TARIFFWATCH_RATES_REPLICA_ID} does: the name suffixes its
 * consumer group (each replica reads every partition of {@code policy.events}) and shows who leads.
 */
public class ReplicaIdConfigSource implements ConfigSource {
    public static final String PROPERTY = "tariffwatch.rates.replica-id";
    /** Below application.properties and the environment, which may name the replica. */
    private static final int ORDINAL = 10;
    private static final Map<String, String> GENERATED = Map.of(PROPERTY, UUID.randomUUID().toString().substring(0, 8));

    @Override
    public Map<String, String> getProperties() {
        return GENERATED;
    }

    @Override
    public Set<String> getPropertyNames() {
        return GENERATED.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return GENERATED.get(propertyName);
    }

    @Override
    public String getName() {
        return "rate-engine replica id";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
