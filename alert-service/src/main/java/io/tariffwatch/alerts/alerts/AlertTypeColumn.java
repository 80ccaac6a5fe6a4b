package io.tariffwatch.alerts.alerts;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** An alert's type as its wire name in the {@code type} column (the name subscribers see in payloads). */
@Converter(autoApply = true)
public class AlertTypeColumn implements AttributeConverter<AlertType, String> {
    @Override
    public String convertToDatabaseColumn(AlertType type) {
        return type == null ? null : type.wireName();
    }

    @Override
    public AlertType convertToEntityAttribute(String wireName) {
        return wireName == null ? null : AlertType.ofWireName(wireName);
    }
}
