package io.tariffwatch.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tariffwatch.support.json.UtcTimestampModule;
import io.tariffwatch.testing.LocalInfraTestResource;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The mapper Quarkus gives every service writes timestamps through {@link UtcTimestampModule}, not Jackson's own
 * serializer (which the customizer's module must outrank whatever order Quarkus registers modules in). */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class ServiceMapperTest {
    @Inject
    ObjectMapper mapper;

    @Test
    void timestampsGoThroughTheUtcTimestampModule() throws Exception {
        assertEquals(UtcTimestampModule.class, mapper.getSerializerProviderInstance()
                .findTypedValueSerializer(OffsetDateTime.class, true, null).getClass().getEnclosingClass());
        assertEquals("\"2025-04-05T04:01:00.5Z\"", mapper.writeValueAsString(OffsetDateTime.parse("2025-04-05T06:01:00.500+02:00")
                .withOffsetSameInstant(java.time.ZoneOffset.UTC)));
    }
}
