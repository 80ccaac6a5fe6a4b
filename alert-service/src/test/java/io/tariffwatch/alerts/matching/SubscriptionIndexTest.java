package io.tariffwatch.alerts.matching;

import static io.tariffwatch.alerts.matching.AlertMatcherTest.f;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.alerts.alerts.AlertType;
import io.tariffwatch.alerts.subscriptions.Filters;
import io.tariffwatch.events.Stage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index narrows, never decides: for every source its answer is exactly that of trying every subscription
 * with {@link AlertMatcher}, in the order the subscriptions were given.
 */
class SubscriptionIndexTest {
    record Sub(String name, Filters filters) {
    }

    private static final List<String> NONE = List.of();
    private static final List<String> COUNTRIES = List.of("US", "CN", "DE", "FR", "EU", "JP", "MX", "CA", "*");
    private static final List<String> PRODUCTS = List.of("*", "85", "8517", "851713", "8703");

    @Test
    void answersAsTryingEverySubscriptionWouldOnRandomFiltersAndSources() {
        Random random = new Random(20250402);
        List<Sub> subs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            subs.add(new Sub("s" + i, f(some(random, List.of("US", "CN", "EU", "MX")), some(random, COUNTRIES.subList(0, 8)),
                    some(random, PRODUCTS.subList(1, 5)), some(random, List.of("HIKE", "CUT", "DOCUMENT", "TALKS")),
                    random.nextInt(4) == 0 ? "20" : null, random.nextInt(4) == 0 ? Stage.ENACTED : null)));
        }
        SubscriptionIndex<Sub> index = new SubscriptionIndex<>(subs, Sub::filters);
        int matched = 0;
        for (int i = 0; i < 2_000; i++) {
            AlertSource source = randomSource(random, i);
            List<Sub> expected = tryingEvery(subs, source);
            assertEquals(expected, index.matching(source), source.toString());
            matched += expected.size();
        }
        assertTrue(matched > 10_000, "the random filters and sources match often enough to test something: " + matched);
    }

    /** What lets alert-service leave a rate change or notice unread by its key alone: no source of the pair, whatever
     * its product, kind, stage or move, is taken where {@code mayTake} says no. */
    @Test
    void mayTakeSaysNoOnlyWhereNoSourceOfThePairMatches() {
        Random random = new Random(20250409);
        int refused = 0;
        int taken = 0;
        for (int round = 0; round < 50; round++) {
            List<Sub> subs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                // filters that name partners or imposers: one that names neither may take everything
                List<String> partners = some(random, COUNTRIES.subList(0, 8));
                List<String> imposers = partners.isEmpty() ? several(random, List.of("US", "CN", "EU", "MX")) : NONE;
                subs.add(new Sub("s" + i, f(imposers, partners, some(random, PRODUCTS.subList(1, 5)),
                        some(random, List.of("HIKE", "CUT")), null, null)));
            }
            SubscriptionIndex<Sub> index = new SubscriptionIndex<>(subs, Sub::filters);
            for (String imposer : List.of("US", "CN", "EU", "MX")) {
                for (String partner : COUNTRIES) {
                    boolean mayTake = index.mayTake(imposer, partner);
                    if (mayTake) {
                        taken++;
                        continue;
                    }
                    refused++;
                    for (AlertType type : List.of(AlertType.RATE_CHANGED, AlertType.RATE_CORRECTED, AlertType.RATE_UPCOMING)) {
                        for (String product : PRODUCTS) {
                            for (AlertKind kind : List.of(AlertKind.HIKE, AlertKind.CUT)) {
                                AlertSource source = new AlertSource("c", type, imposer, List.of(partner), product, kind,
                                        Stage.ENACTED, BigDecimal.TEN);
                                assertEquals(List.of(), tryingEvery(subs, source), source.toString());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(refused > 100 && taken > 100, "both answers tested often: " + refused + " no, " + taken + " yes");
    }

    @Test
    void aSubscriptionNamingSeveralPartnersOfOneSourceIsMatchedOnce() {
        Sub both = new Sub("both", f(NONE, List.of("CN", "JP"), NONE, NONE, null, null));
        Sub first = new Sub("first", f(NONE, List.of("JP"), NONE, NONE, null, null));
        AlertSource onBoth = new AlertSource("t", AlertType.POLICY_ANNOUNCED, "US", List.of("CN", "JP"), null,
                AlertKind.TALKS, Stage.ANNOUNCED, null);
        assertEquals(List.of(first, both), new SubscriptionIndex<>(List.of(first, both), Sub::filters).matching(onBoth));
    }

    @Test
    void theEuAndItsMembersReachEachOtherThroughTheIndex() {
        Sub onEu = new Sub("eu", f(NONE, List.of("EU"), NONE, NONE, null, null));
        Sub onFrance = new Sub("fr", f(NONE, List.of("FR"), NONE, NONE, null, null));
        Sub onJapan = new Sub("jp", f(NONE, List.of("JP"), NONE, NONE, null, null));
        SubscriptionIndex<Sub> index = new SubscriptionIndex<>(List.of(onEu, onFrance, onJapan), Sub::filters);
        assertEquals(List.of(onEu, onFrance), index.matching(change("EU")));
        assertEquals(List.of(onEu, onFrance), index.matching(change("FR")));
        assertEquals(List.of(onEu), index.matching(change("DE")));
        assertEquals(List.of(onEu, onFrance, onJapan), index.matching(change("*")));
        assertTrue(index.mayTake("US", "DE"), "the EU's subscription takes its members'");
        assertFalse(index.mayTake("US", "MX"));
        assertTrue(index.mayTake("US", "*"));
    }

    @Test
    void subscriptionsWithoutPartnersAreFoundByImposerOrAlways() {
        Sub onUs = new Sub("us", f(List.of("US"), NONE, NONE, NONE, null, null));
        Sub onCn = new Sub("cn", f(List.of("CN"), NONE, NONE, NONE, null, null));
        Sub everything = new Sub("all", Filters.ALL);
        SubscriptionIndex<Sub> index = new SubscriptionIndex<>(List.of(onUs, onCn, everything), Sub::filters);
        assertEquals(List.of(onUs, everything), index.matching(change("JP")));
        assertEquals(0, SubscriptionIndex.empty(Sub::filters).matching(change("JP")).size());
        assertTrue(index.mayTake("MX", "JP"), "a subscription on everything takes every pair");
        assertFalse(SubscriptionIndex.empty(Sub::filters).mayTake("US", "*"));
    }

    private static AlertSource change(String partner) {
        return new AlertSource("c", AlertType.RATE_CHANGED, "US", List.of(partner), "*", AlertKind.HIKE, Stage.ENACTED,
                BigDecimal.TEN);
    }

    private static List<Sub> tryingEvery(List<Sub> subs, AlertSource source) {
        return subs.stream().filter(s -> AlertMatcher.matches(s.filters(), source)).toList();
    }

    private static AlertSource randomSource(Random random, int i) {
        AlertType type = AlertType.values()[random.nextInt(AlertType.values().length)];
        if (type == AlertType.POLICY_DOCUMENT) {
            return new AlertSource("d" + i, type, "US", List.of(), null, AlertKind.DOCUMENT, null, null);
        }
        List<String> partners = type == AlertType.POLICY_ANNOUNCED ? several(random, COUNTRIES)
                : List.of(COUNTRIES.get(random.nextInt(COUNTRIES.size() - 1)));
        return new AlertSource("s" + i, type, any(random, List.of("US", "CN", "EU", "MX")), partners,
                type == AlertType.POLICY_ANNOUNCED ? null : any(random, PRODUCTS),
                any(random, List.of(AlertKind.HIKE, AlertKind.CUT, AlertKind.TALKS)),
                any(random, List.of(Stage.ANNOUNCED, Stage.ENACTED)), new BigDecimal(random.nextInt(60) - 30));
    }

    private static <T> T any(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** None (a third of the time), else one to three of {@code values}. */
    private static List<String> some(Random random, List<String> values) {
        return random.nextInt(3) == 0 ? NONE : several(random, values);
    }

    private static List<String> several(Random random, List<String> values) {
        List<String> picked = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            picked.add(any(random, values));
        }
        return picked;
    }
}
