package io.tariffwatch.ingest.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tariffwatch.events.Json;
import io.tariffwatch.support.problem.Problem.FieldError;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator alone, on readable fixtures: one file per case in {@code validation/}, each with the event
 * and the errors it must give as [pointer, rule] pairs, in order (none for a valid event).
 */
class PolicyEventValidatorTest {
    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(PolicyEventValidatorTest.class.getResource("/validation").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(dir)) {
            listed.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertFalse(files.isEmpty(), "no fixtures in " + dir);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesExactlyTheErrorsOfItsFixture(Path fixture) throws IOException {
        JsonNode c = Json.mapper().readTree(fixture.toFile());
        List<List<String>> expected = new ArrayList<>();
        c.get("errors").forEach(e -> expected.add(List.of(e.get(0).asText(), e.get(1).asText())));
        List<FieldError> errors = PolicyEventValidator.validate(c.get("event"));
        assertEquals(expected, errors.stream().map(e -> List.of(e.pointer(), e.rule())).toList(),
                c.get("case").asText() + ": " + errors);
    }
}
