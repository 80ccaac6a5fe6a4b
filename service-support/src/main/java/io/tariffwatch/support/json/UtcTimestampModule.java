package io.tariffwatch.support.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.OffsetDateTimeSerializer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;

/**
 * Jackson's {@code OffsetDateTime} serializer and deserializer with {@link UtcTimestamps} in front: what it handles
 * comes out exactly as Jackson's own would write or read it, everything else (other offsets, other forms, a
 * {@code @JsonFormat}, timestamps as numbers) goes through Jackson's unchanged.
 */
public final class UtcTimestampModule extends SimpleModule {
    public UtcTimestampModule() {
        super("tariffwatch-utc-timestamps");
        addSerializer(OffsetDateTime.class, new Writer());
        addDeserializer(OffsetDateTime.class, new Reader());
    }

    static final class Writer extends OffsetDateTimeSerializer {
        Writer() {
        }

        private Writer(Writer base, Boolean useTimestamp, DateTimeFormatter formatter, JsonFormat.Shape shape) {
            super(base, useTimestamp, formatter, shape);
        }

        private Writer(Writer base, Boolean useTimestamp, Boolean useNanoseconds, DateTimeFormatter formatter) {
            super(base, useTimestamp, useNanoseconds, formatter);
        }

        // Jackson makes a serializer per property (its format, its features): each stays one of these
        @Override
        protected OffsetDateTimeSerializer withFormat(Boolean useTimestamp, DateTimeFormatter formatter,
                                                      JsonFormat.Shape shape) {
            return new Writer(this, useTimestamp, formatter, shape);
        }

        @Override
        protected OffsetDateTimeSerializer withFeatures(Boolean writeZoneId, Boolean writeNanoseconds) {
            return new Writer(this, _useTimestamp, writeNanoseconds, _formatter);
        }

        @Override
        protected String formatValue(OffsetDateTime value, SerializerProvider provider) {
            // Jackson writes in the mapper's time zone when one is set: the fast text only where that changes nothing
            String text = _formatter == null && inUtc(provider.getConfig().hasExplicitTimeZone() ? provider.getTimeZone()
                    : null) ? UtcTimestamps.format(value) : null;
            return text != null ? text : super.formatValue(value, provider);
        }

        private static boolean inUtc(TimeZone zone) {
            return zone == null || zone.toZoneId().normalized() == ZoneOffset.UTC;
        }
    }

    static final class Reader extends InstantDeserializer<OffsetDateTime> {
        Reader() {
            super(InstantDeserializer.OFFSET_DATE_TIME, (Boolean) null);
        }

        @Override
        protected OffsetDateTime _fromString(JsonParser parser, DeserializationContext context, String text)
                throws IOException {
            OffsetDateTime utc = UtcTimestamps.parse(text);
            if (utc == null) {
                return super._fromString(parser, context, text);
            }
            return shouldAdjustToContextTimezone(context) ? adjust.apply(utc, context.getTimeZone().toZoneId()) : utc;
        }
    }
}
