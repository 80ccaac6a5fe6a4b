package io.tariffwatch.support.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tariffwatch.support.JsonCustomizer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The fast text of UTC timestamps is exactly Jackson's own, and declines whatever it does not handle. */
class UtcTimestampsTest {
    private static final long FIRST = OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
    private static final long LAST = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toEpochSecond();

    /** Values over the whole range, with fractions of every length (nanos that are multiples of 10^k). */
    private static List<OffsetDateTime> samples() {
        Random random = new Random(27);
        List<OffsetDateTime> samples = new ArrayList<>(List.of(
                OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC),
                OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 500_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(2025, 4, 5, 4, 1, 0, 0, ZoneOffset.UTC)));
        for (int i = 0; i < 100_000; i++) {
            long second = FIRST + (long) (random.nextDouble() * (LAST - FIRST));
            int nano = random.nextInt(1_000_000_000);
            int zeros = random.nextInt(10);
            for (int z = 0; z < zeros; z++) {
                nano = nano / 10 * 10;
            }
            if (zeros == 9) {
                nano = 0;
            }
            samples.add(OffsetDateTime.of(java.time.LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC), ZoneOffset.UTC));
        }
        return samples;
    }

    @Test
    void writesWhatTheIsoFormatterWrites() {
        for (OffsetDateTime t : samples()) {
            assertEquals(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t), UtcTimestamps.format(t), t::toString);
        }
    }

    @Test
    void readsBackWhatItWritesAndWhatJacksonReads() throws JsonProcessingException {
        ObjectMapper jackson = jacksonAlone();
        for (OffsetDateTime t : samples()) {
            String text = UtcTimestamps.format(t);
            assertEquals(t, UtcTimestamps.parse(text), text);
            assertEquals(jackson.readValue('"' + text + '"', OffsetDateTime.class), UtcTimestamps.parse(text), text);
        }
        // fractions written with their trailing zeros, as other writers do
        assertEquals(OffsetDateTime.of(2025, 4, 5, 4, 1, 0, 500_000_000, ZoneOffset.UTC),
                UtcTimestamps.parse("2025-04-05T04:01:00.500000000Z"));
        assertEquals(OffsetDateTime.of(2025, 4, 5, 4, 1, 0, 120_000, ZoneOffset.UTC),
                UtcTimestamps.parse("2025-04-05T04:01:00.000120Z"));
    }

    @Test
    void declinesWhatItDoesNotHandle() {
        assertNull(UtcTimestamps.format(OffsetDateTime.of(2025, 4, 5, 6, 1, 0, 0, ZoneOffset.ofHours(2))));
        assertNull(UtcTimestamps.format(OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
        assertNull(UtcTimestamps.format(OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
        for (String other : List.of("", "2025-04-05", "2025-04-05T04:01Z", "2025-04-05T04:01:00+02:00",
                "2025-04-05T04:01:00+00:00", "2025-04-05t04:01:00Z", "2025-04-05T04:01:00z", " 2025-04-05T04:01:00Z",
                "2025-04-05T04:01:00Z ", "+10000-04-05T04:01:00Z", "2025-13-05T04:01:00Z", "2025-02-30T04:01:00Z",
                "2025-04-05T24:00:00Z", "2025-04-05T04:60:00Z", "2025-04-05T04:01:60Z", "2025-04-05T04:01:00.Z",
                "2025-04-05T04:01:00.1234567890Z", "2025-04-05T04:01:00,5Z", "2025-04-05T04:0a:00Z",
                "2025/04/05T04:01:00Z", "2025-04-05T04:01:00.-5Z", "١٢٣٤-04-05T04:01:00Z")) {
            assertNull(UtcTimestamps.parse(other), other);
        }
    }

    @Test
    void jacksonWithTheModuleWritesAndReadsAsWithout() throws JsonProcessingException {
        record Stamped(OffsetDateTime at, OffsetDateTime until, List<OffsetDateTime> seen) {
        }
        List<Stamped> values = new ArrayList<>();
        for (OffsetDateTime t : samples().subList(0, 2_000)) {
            values.add(new Stamped(t, t.withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30)), List.of(t, t.plusNanos(7))));
        }
        values.add(new Stamped(null, OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), List.of()));
        for (TimeZone zone : new TimeZone[] {null, TimeZone.getTimeZone("UTC"), TimeZone.getTimeZone("Europe/Paris")}) {
            ObjectMapper alone = jacksonAlone();
            ObjectMapper fast = jacksonAlone().registerModule(new UtcTimestampModule());
            if (zone != null) {
                alone.setTimeZone(zone);
                fast.setTimeZone(zone);
            }
            for (Stamped value : values) {
                String written = fast.writeValueAsString(value);
                assertEquals(alone.writeValueAsString(value), written);
                assertEquals(alone.readValue(written, Stamped.class), fast.readValue(written, Stamped.class), written);
            }
            for (String text : List.of("2025-04-05T04:01:00Z", "2025-04-05T04:01:00.25Z", "2025-04-05T06:01:00+02:00",
                    "2025-04-05T04:01Z", "1712345678")) {
                String json = "{\"at\":\"" + text + "\"}";
                assertEquals(alone.readValue(json, Stamped.class), fast.readValue(json, Stamped.class), json);
            }
            String impossible = "{\"at\":\"2025-02-30T04:01:00Z\"}";
            assertThrows(JsonProcessingException.class, () -> fast.readValue(impossible, Stamped.class));
        }
    }

    @Test
    void theServicesMapperTakesTheModuleOverJacksonsOwn() throws JsonProcessingException {
        ObjectMapper services = jacksonAlone();
        new JsonCustomizer().customize(services);
        // as Jackson makes it for a property (contextual): still the module's
        assertEquals(UtcTimestampModule.Writer.class, services.getSerializerProviderInstance()
                .findTypedValueSerializer(OffsetDateTime.class, true, null).getClass());
        DefaultDeserializationContext context = ((DefaultDeserializationContext) services.getDeserializationContext())
                .createInstance(services.getDeserializationConfig(), null, null);
        assertEquals(UtcTimestampModule.Reader.class,
                context.findRootValueDeserializer(services.constructType(OffsetDateTime.class)).getClass());
    }

    private static ObjectMapper jacksonAlone() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
