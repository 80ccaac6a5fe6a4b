package io.tariffwatch.alerts.subscriptions;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.Optional;

/** How a subscription's alerts go out: each at once, or (e-mail only) a day's alerts in one e-mail. */
public enum Digest {
    NONE("none"),
    DAILY("daily");

    private final String wireName;

    Digest(String wireName) {
        this.wireName = wireName;
    }

    /** As subscribers write it and the {@code digest} column holds it. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Digest> ofWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst();
    }

    /** The {@code digest} column: the wire name. */
    @Converter(autoApply = true)
    public static class Column implements AttributeConverter<Digest, String> {
        @Override
        public String convertToDatabaseColumn(Digest digest) {
            return digest == null ? null : digest.wireName;
        }

        @Override
        public Digest convertToEntityAttribute(String name) {
            return name == null ? null : ofWireName(name).orElseThrow();
        }
    }
}
