package io.tariffwatch.rates.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tariffwatch.events.Json;
import io.tariffwatch.events.PolicyEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedValuesTest {
    /** Bound from JSON one by one, as the engine binds them: no two hold the same instance of anything. */
    private static List<PolicyEvent> fixture() throws IOException {
        try (InputStream in = SharedValuesTest.class.getResourceAsStream("/shared-values/steel-and-deal.json")) {
            return Json.mapper().readValue(in, new TypeReference<List<PolicyEvent>>() {
            });
        }
    }

    @Test
    void eventsKeptAreEqualToThoseGiven() throws IOException {
        SharedValues shared = new SharedValues();
        for (PolicyEvent e : fixture()) {
            assertEquals(e, shared.of(e));
        }
    }

    @Test
    void valuesTwoEventsRepeatAreHeldOnce() throws IOException {
        List<PolicyEvent> events = fixture();
        assertNotSame(events.get(0).imposer(), events.get(1).imposer(), "the fixture binds its own copies");
        SharedValues shared = new SharedValues();
        PolicyEvent first = shared.of(events.get(0));
        PolicyEvent second = shared.of(events.get(1));
        assertSame(first.imposer(), second.imposer());
        assertSame(first.targets(), second.targets());
        assertSame(first.measure(), second.measure());
        assertSame(first.products(), second.products());
        assertSame(first.rate(), second.rate());
        assertSame(first.productRates(), second.productRates());
        assertSame(first.effectiveFrom(), second.effectiveFrom());
        assertSame(first.recordedAt(), second.recordedAt());
        assertSame(first.source(), second.source());
        // what is the event's own stays its own
        assertSame(events.get(1).id(), second.id());
        assertSame(events.get(1).headline(), second.headline());
    }

    @Test
    void aDealsChangesShareWithOtherEvents() throws IOException {
        List<PolicyEvent> events = fixture();
        SharedValues shared = new SharedValues();
        PolicyEvent steel = shared.of(events.get(0));
        PolicyEvent change = shared.of(events.get(2)).changes().get(0);
        assertSame(steel.targets(), change.targets());
        assertSame(steel.products(), change.products());
        assertSame(steel.effectiveFrom(), change.effectiveFrom());
        assertSame(steel.measure().id(), change.measure().id());
        assertEquals(events.get(2).changes().get(0), change);
    }

    @Test
    void theBookKeepsEventsWithSharedValues() throws IOException {
        TariffBook book = TariffBook.empty().withAll(fixture());
        List<PolicyEvent> kept = book.measures("US", "DE").stream()
                .filter(m -> m.id().equals("US-232-STEEL")).findFirst().orElseThrow().events();
        assertEquals(List.of("steel-de", "steel-de-again", "eu-deal-steel"), kept.stream().map(PolicyEvent::id).toList());
        assertSame(kept.get(0).targets(), kept.get(1).targets());
        assertSame(kept.get(0).measure(), kept.get(1).measure());
        assertEquals(fixture().get(0), kept.get(0));
    }

    @Test
    void pastItsBoundNewValuesStayUnsharedButEqual() throws IOException {
        List<PolicyEvent> events = fixture();
        SharedValues shared = new SharedValues(1);
        PolicyEvent first = shared.of(events.get(0));
        PolicyEvent second = shared.of(events.get(1));
        assertSame(first.imposer(), second.imposer(), "the first value held");
        assertNotSame(first.recordedAt(), second.recordedAt(), "none held past the bound");
        assertEquals(events.get(1), second);
    }
}
