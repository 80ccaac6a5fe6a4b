package io.tariffwatch.support;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.tariffwatch.support.json.UtcTimestampModule;
import jakarta.inject.Singleton;

/**
 * Rates are decimals: read JSON numbers as BigDecimal, never as doubles (12.5 stays 12.5, 1e400 stays
 * finite). Input is bounded where it is parsed: nesting depth, number and string lengths (a body that
 * breaks a bound answers 400, and no recursion or number expansion later can run away). UTC timestamps are written
 * and read without the JDK's formatter ({@link UtcTimestampModule}).
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_NUMBER_LENGTH = 64;
    public static final int MAX_STRING_LENGTH = 1024 * 1024;

    /** Last: Quarkus registers the JDK time module in a customizer of its own, and the module registered last wins. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.registerModule(new UtcTimestampModule());
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build());
    }
}
