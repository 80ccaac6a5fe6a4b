package io.tariffwatch.rates.domain;

import io.tariffwatch.events.CauseKind;
import static io.tariffwatch.rates.domain.Ev.book;
import static io.tariffwatch.rates.domain.Ev.hike;
import static io.tariffwatch.rates.domain.Ev.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.events.Kind;
import io.tariffwatch.events.PolicyEvent;
import io.tariffwatch.events.RateChange.ComponentState;
import io.tariffwatch.events.Stage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules of the README's "How tariffs are computed", one or more tests a rule. */
class TariffBookTest {

    static double additional(TariffBook b, String imposer, String partner, String hs, String at) {
        return query(b, new RateQuery(imposer, partner, hs, instant(at), null, null)).additional().doubleValue();
    }

    static double headline(TariffBook b, String partner, String at) {
        return additional(b, "US", partner, null, at);
    }

    static Rate query(TariffBook b, RateQuery q) {
        return b.rate(q);
    }

    static Instant instant(String s) {
        return Ev.time(s).toInstant();
    }

    /** The seed article's events (spring 2025), as the demo loads them. */
    static TariffBook seed(Ev... more) {
        List<Ev> events = new java.util.ArrayList<>(List.of(
                hike("fentanyl-10", "US-FENTANYL", 10, "2025-02-04T00:01:00-05:00").targets("CN", "HK"),
                hike("fentanyl-20", "US-FENTANYL", 20, "2025-03-04T00:01:00-05:00").targets("CN", "HK"),
                hike("baseline-10", "US-RECIPROCAL", 10, "2025-04-05T00:01:00-04:00").targets("*"),
                hike("jp-24", "US-RECIPROCAL", 24, "2025-04-09T00:01:00-04:00").targets("JP"),
                hike("cn-34", "US-RECIPROCAL", 34, "2025-04-09T00:01:00-04:00").targets("CN"),
                of("pause-90", Kind.PAUSE).measure("US-RECIPROCAL").targets("*").except("CN", "HK", "MO").rate(10)
                        .from("2025-04-10T00:01:00-04:00").until("2025-07-09T00:01:00-04:00"),
                hike("cn-125", "US-RECIPROCAL", 125, "2025-04-10T00:01:00-04:00").targets("CN", "HK", "MO"),
                of("smartphones", Kind.EXEMPTION).measure("US-RECIPROCAL").targets("*").include("851713", "8471")
                        .from("2025-04-05T00:01:00-04:00"),
                hike("cn-retaliation-125", "CN-RETALIATION", 125, "2025-04-12T00:00:00+08:00").imposer("CN")
                        .targets("US")));
        events.addAll(List.of(more));
        return book(events.toArray(Ev[]::new));
    }

    @Nested
    class Seed {
        @Test
        void usOnChinaIs145OnTheEleventhOfApril() {
            Rate r = seed().rate(new RateQuery("US", "CN", null, instant("2025-04-11T12:00:00Z"), null, null));
            assertEquals(145.0, r.additional().doubleValue());
            assertEquals(2, r.components().size());
            assertEquals(List.of("fentanyl-20", "cn-125"), r.causes());
        }

        @Test
        void smartphonesFromChinaPayOnlyTheFentanylTariffRetroactivelyFromTheFifth() {
            assertEquals(20.0, additional(seed(), "US", "CN", "8517.13", "2025-04-11"));
            assertEquals(20.0, additional(seed(), "US", "CN", "8517130000", "2025-04-06"));
            assertEquals(20.0, additional(seed(), "US", "CN", "851713", "2025-04-05T04:01:00Z"));
            assertEquals(20.0, additional(seed(), "US", "CN", "851713", "2025-04-05T04:00:59Z"));
        }

        @Test
        void chinaOnUsIs125OnTheThirteenth() {
            assertEquals(125.0, additional(seed(), "CN", "US", null, "2025-04-13"));
            assertEquals(0.0, additional(seed(), "CN", "US", null, "2025-04-11T15:59:59Z"));
        }

        @Test
        void japanPays10DuringThePauseAndTheCountryRateWhenItEnds() {
            TariffBook b = seed();
            assertEquals(10.0, headline(b, "JP", "2025-04-08"));
            assertEquals(24.0, headline(b, "JP", "2025-04-09T12:00:00Z"));
            assertEquals(10.0, headline(b, "JP", "2025-05-01"));
            assertEquals(10.0, headline(b, "JP", "2025-07-09T04:00:59Z"));
            assertEquals(24.0, headline(b, "JP", "2025-07-09T04:01:00Z"));
            Rate during = b.rate(RateQuery.headline("US", "JP", instant("2025-05-01")));
            assertEquals(ComponentState.PAUSED, during.components().get(0).state());
        }

        @Test
        void historyOfUsOnChinaFromJanuaryToJuneHasEveryStep() {
            List<TariffBook.HistoryStep> h = seed().history(RateQuery.headline("US", "CN", null),
                    instant("2025-01-01"), instant("2025-07-01"));
            assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 54.0, 145.0),
                    h.stream().map(s -> s.additional().doubleValue()).toList());
            assertEquals(instant("2025-02-04T05:01:00Z"), h.get(1).from());
            assertEquals(instant("2025-04-10T04:01:00Z"), h.get(5).from());
            assertEquals(instant("2025-07-01"), h.get(5).until());
        }

        @Test
        void theEndOfThePauseIsAScheduledTransitionCausedByItsExpiry() {
            TariffBook b = seed();
            List<TariffBook.ScheduledChange> s = b.schedule(RateQuery.headline("US", "JP", null), instant("2025-05-01"));
            assertEquals(1, s.size());
            assertEquals(instant("2025-07-09T04:01:00Z"), s.get(0).at());
            assertEquals(10.0, s.get(0).before().additional().doubleValue());
            assertEquals(24.0, s.get(0).after().additional().doubleValue());
            assertEquals(CauseKind.PAUSE_EXPIRED, s.get(0).cause().kind());
        }
    }

    @Nested
    class Timeline {
        @Test
        void aStepHoldsFromItsEffectiveFromExactly() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01"));
            assertEquals(0.0, headline(b, "CN", "2025-02-28T23:59:59.999999999Z"));
            assertEquals(10.0, headline(b, "CN", "2025-03-01"));
        }

        @Test
        void aSettingEndsAtItsEffectiveUntilExactly() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").until("2025-04-01"));
            assertEquals(10.0, headline(b, "CN", "2025-03-31T23:59:59Z"));
            assertEquals(0.0, headline(b, "CN", "2025-04-01"));
        }

        @Test
        void afterEffectiveUntilNothingAppliesUntilALaterSettingStarts() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").until("2025-04-01"), hike("b", "M", 30, "2025-05-01"));
            assertEquals(0.0, headline(b, "CN", "2025-04-15"));
            assertEquals(30.0, headline(b, "CN", "2025-05-01"));
        }

        @Test
        void aLaterPublishedStepWithAnEarlierStartHoldsUntilTheNextStep() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01"), hike("b", "M", 30, "2025-05-01"),
                    hike("retro", "M", 20, "2025-04-01"));
            assertEquals(10.0, headline(b, "CN", "2025-03-15"));
            assertEquals(20.0, headline(b, "CN", "2025-04-15"));
            assertEquals(30.0, headline(b, "CN", "2025-05-15"));
        }

        @Test
        void atOneInstantTheLaterPublishedEventWins() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01"), hike("b", "M", 25, "2025-03-01"));
            assertEquals(25.0, headline(b, "CN", "2025-03-01"));
        }

        @Test
        void cutIsAStepLikeHikeTheDirectionComesFromTheNumbers() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01"), of("b", Kind.CUT).measure("M").rate(30).from("2025-04-01"));
            assertEquals(30.0, headline(b, "CN", "2025-04-02"));
        }

        @Test
        void revokeEndsTheMeasureForItsTargetsAlsoRetroactively() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").targets("CN", "MX"),
                    of("r", Kind.REVOKE).measure("M").targets("MX").from("2025-02-01"));
            assertEquals(0.0, headline(b, "MX", "2025-03-15"));
            assertEquals(10.0, headline(b, "CN", "2025-03-15"));
        }

        @Test
        void aRevokeBeforeAStepsStartCancelsItButNotAStepPublishedAfterTheRevoke() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01"), of("r", Kind.REVOKE).measure("M").from("2025-02-01"),
                    hike("again", "M", 15, "2025-06-01"));
            assertEquals(0.0, headline(b, "CN", "2025-04-01"));
            assertEquals(15.0, headline(b, "CN", "2025-06-01"));
        }

        @Test
        void theOrderOfArrivalDoesNotMatterOnlyTheSequence() {
            PolicyEvent a = hike("a", "M", 10, "2025-03-01").build(1L);
            PolicyEvent b = hike("b", "M", 20, "2025-03-01").build(2L);
            PolicyEvent c = of("c", Kind.PAUSE).measure("M").rate(5).from("2025-03-10").until("2025-04-01").build(3L);
            TariffBook forward = TariffBook.empty().with(a).with(b).with(c);
            TariffBook backward = TariffBook.empty().with(c).with(b).with(a);
            for (String at : List.of("2025-03-05", "2025-03-15", "2025-04-15")) {
                assertEquals(headline(forward, "CN", at), headline(backward, "CN", at), at);
            }
        }
    }

    @Nested
    class Targets {
        @Test
        void starTargetsEveryCountryButTheImposerLessExceptTargets() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").targets("*").except("CA"));
            assertEquals(10.0, headline(b, "BR", "2025-03-02"));
            assertEquals(0.0, headline(b, "CA", "2025-03-02"));
            assertEquals(0.0, headline(b, "US", "2025-03-02"));
        }

        @Test
        void aMemberStateSeesMeasuresThatTargetTheEu() {
            TariffBook b = book(hike("a", "M", 20, "2025-03-01").targets("EU"));
            assertEquals(20.0, headline(b, "DE", "2025-03-02"));
            assertEquals(20.0, headline(b, "EU", "2025-03-02"));
            assertEquals(0.0, headline(b, "CH", "2025-03-02"));
        }

        @Test
        void theEuAsPartnerSeesMeasuresOnEveryCountry() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").targets("*"));
            assertEquals(10.0, headline(b, "EU", "2025-03-02"));
        }

        @Test
        void exceptTargetsEuRemovesItsMembers() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").targets("*").except("EU"));
            assertEquals(0.0, headline(b, "FR", "2025-03-02"));
            assertEquals(10.0, headline(b, "NO", "2025-03-02"));
        }

        @Test
        void aPartnerNamedInTargetsAndLeftOutByExceptTargetsIsNotTargetedNorGivenTheProductKeys() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").targets("CN", "DE").except("EU").include("8471"),
                    hike("b", "M2", 5, "2025-03-01").targets("DE").include("8517"));
            assertEquals(10.0, additional(b, "US", "CN", "84713000", "2025-03-02"));
            assertEquals(0.0, additional(b, "US", "DE", "84713000", "2025-03-02"));
            assertEquals(java.util.Set.of("*", "8471"), b.productKeys("US", "CN"));
            assertEquals(java.util.Set.of("*", "8517"), b.productKeys("US", "DE"));
        }
    }

    @Nested
    class Books {
        @Test
        void aBookHoldsOnlyTheEventsAppliedToItThoughItsSuccessorsShareItsFacts() {
            TariffBook first = book(hike("a", "M", 10, "2025-03-01").targets("CN"));
            PolicyEvent later = hike("b", "M", 20, "2025-04-01").targets("CN").build(2L);
            TariffBook second = first.with(later);
            assertTrue(second.contains(later) && !first.contains(later));
            assertEquals(10.0, headline(first, "CN", "2025-04-02"));
            assertEquals(20.0, headline(second, "CN", "2025-04-02"));
        }

        @Test
        void twoBooksMadeFromTheSameOneEachHoldTheirOwnEvents() {
            TariffBook first = book(hike("a", "M", 10, "2025-03-01").targets("CN"));
            PolicyEvent hike = hike("b", "M", 20, "2025-04-01").targets("CN").build(2L);
            PolicyEvent cut = of("c", Kind.CUT).measure("M").rate(5).from("2025-04-01").targets("CN").build(3L);
            TariffBook hiked = first.with(hike);
            TariffBook cutBook = first.with(cut);
            assertTrue(hiked.contains(hike) && !hiked.contains(cut));
            assertTrue(cutBook.contains(cut) && !cutBook.contains(hike));
            assertEquals(20.0, headline(hiked, "CN", "2025-04-02"));
            assertEquals(5.0, headline(cutBook, "CN", "2025-04-02"));
        }
    }

    @Nested
    class Products {
        @Test
        void theMostSpecificProductRateWins() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").productRate("85", 15).productRate("8517", 25));
            assertEquals(10.0, additional(b, "US", "CN", "9401", "2025-03-02"));
            assertEquals(15.0, additional(b, "US", "CN", "8501", "2025-03-02"));
            assertEquals(25.0, additional(b, "US", "CN", "8517.13", "2025-03-02"));
            assertEquals(10.0, additional(b, "US", "CN", null, "2025-03-02"));
        }

        @Test
        void excludedPrefixesLeaveTheScope() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").exclude("27"));
            assertEquals(0.0, additional(b, "US", "CN", "2709", "2025-03-02"));
            assertEquals(10.0, additional(b, "US", "CN", "2801", "2025-03-02"));
        }

        @Test
        void aQueryShorterThanAMeasuresPrefixIsNotCoveredByIt() {
            TariffBook b = book(hike("steel", "M232", 25, "2025-03-12").include("7208"));
            assertEquals(25.0, additional(b, "US", "CN", "720810", "2025-03-13"));
            assertEquals(0.0, additional(b, "US", "CN", "72", "2025-03-13"));
            assertEquals(0.0, headline(b, "CN", "2025-03-13"));
        }
    }

    @Nested
    class Pauses {
        final Ev base = hike("base", "M", 25, "2025-01-01").targets("JP");
        final Ev pause = of("pause", Kind.PAUSE).measure("M").targets("JP").rate(10).from("2025-04-10").until("2025-07-09");

        @Test
        void aPauseAppliesItsInterimRateAndEndsByItself() {
            TariffBook b = book(base, pause);
            assertEquals(25.0, headline(b, "JP", "2025-04-09"));
            assertEquals(10.0, headline(b, "JP", "2025-04-10"));
            assertEquals(25.0, headline(b, "JP", "2025-07-09"));
        }

        @Test
        void theInterimRateDefaultsToZero() {
            TariffBook b = book(base, of("p", Kind.PAUSE).measure("M").targets("JP").from("2025-04-10").until("2025-05-01"));
            assertEquals(0.0, headline(b, "JP", "2025-04-20"));
        }

        @Test
        void extendMovesTheEndOfThePauseInForce() {
            TariffBook b = book(base, pause, of("ext", Kind.EXTEND).measure("M").targets("JP").from("2025-07-07")
                    .until("2025-08-01"));
            assertEquals(10.0, headline(b, "JP", "2025-07-20"));
            assertEquals(25.0, headline(b, "JP", "2025-08-01"));
            assertEquals(CauseKind.PAUSE_EXPIRED, b.causeAt("US", "JP", instant("2025-08-01")).kind());
            assertEquals("ext", b.causeAt("US", "JP", instant("2025-08-01")).eventId());
        }

        @Test
        void extendBeforeAnyPauseActsOnTheNextToStart() {
            TariffBook b = book(base, pause, of("ext", Kind.EXTEND).measure("M").targets("JP").from("2025-03-01")
                    .until("2025-09-01"));
            assertEquals(25.0, headline(b, "JP", "2025-04-01"));
            assertEquals(10.0, headline(b, "JP", "2025-08-01"));
        }

        @Test
        void extendOfAPauseAlreadyExpiredCoversTheGapToo() {
            TariffBook b = book(base, pause, of("ext", Kind.EXTEND).measure("M").targets("JP").from("2025-07-20")
                    .until("2025-08-12"));
            assertEquals(10.0, headline(b, "JP", "2025-07-15"));
            assertEquals(10.0, headline(b, "JP", "2025-08-11"));
            assertEquals(25.0, headline(b, "JP", "2025-08-12"));
        }

        @Test
        void resumeEndsThePauseEarly() {
            TariffBook b = book(base, pause, of("res", Kind.RESUME).measure("M").targets("JP").from("2025-05-01"));
            assertEquals(10.0, headline(b, "JP", "2025-04-30"));
            assertEquals(25.0, headline(b, "JP", "2025-05-01"));
        }

        @Test
        void resumeAtOrAfterThePausesEndChangesNothing() {
            TariffBook b = book(base, pause, of("res", Kind.RESUME).measure("M").targets("JP").from("2025-07-09"),
                    of("p2", Kind.PAUSE).measure("M").targets("JP").rate(5).from("2025-08-01").until("2025-09-01"));
            assertEquals(5.0, headline(b, "JP", "2025-08-15"));
        }

        @Test
        void overlappingPausesTheLatestPublishedApplies() {
            TariffBook b = book(base, pause, of("p2", Kind.PAUSE).measure("M").targets("JP").rate(15)
                    .from("2025-05-01").until("2025-06-01"));
            assertEquals(10.0, headline(b, "JP", "2025-04-20"));
            assertEquals(15.0, headline(b, "JP", "2025-05-15"));
            assertEquals(10.0, headline(b, "JP", "2025-06-15"));
        }

        @Test
        void aPauseOnlyActsOnItsTargets() {
            TariffBook b = book(hike("all", "M", 25, "2025-01-01").targets("*"),
                    of("p", Kind.PAUSE).measure("M").targets("*").except("CN").rate(10).from("2025-04-10").until("2025-07-09"));
            assertEquals(25.0, headline(b, "CN", "2025-05-01"));
            assertEquals(10.0, headline(b, "VN", "2025-05-01"));
        }
    }

    @Nested
    class Exemptions {
        @Test
        void anExemptionIsALayerThatALaterHikeDoesNotUndo() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01"),
                    of("ex", Kind.EXEMPTION).measure("M").include("8517").from("2025-03-01"),
                    hike("b", "M", 50, "2025-05-01"));
            assertEquals(0.0, additional(b, "US", "CN", "851713", "2025-06-01"));
            assertEquals(50.0, additional(b, "US", "CN", "9401", "2025-06-01"));
        }

        @Test
        void anExemptionEndsAtItsEffectiveUntil() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01"),
                    of("ex", Kind.EXEMPTION).measure("M").include("8517").from("2025-03-01").until("2025-04-01"));
            assertEquals(0.0, additional(b, "US", "CN", "8517", "2025-03-31"));
            assertEquals(10.0, additional(b, "US", "CN", "8517", "2025-04-01"));
            assertEquals(CauseKind.EXPIRED, b.causeAt("US", "CN", instant("2025-04-01")).kind());
        }

        @Test
        void aRetroactiveExemptionRewritesHistory() {
            TariffBook before = book(hike("a", "M", 10, "2025-03-01"));
            TariffBook after = book(hike("a", "M", 10, "2025-03-01"),
                    of("ex", Kind.EXEMPTION).measure("M").include("8517").from("2025-02-01").announced("2025-04-01"));
            assertEquals(10.0, additional(before, "US", "CN", "8517", "2025-03-15"));
            assertEquals(0.0, additional(after, "US", "CN", "8517", "2025-03-15"));
        }
    }

    @Nested
    class Stacking {
        @Test
        void aMeasureYieldsOnlyWhereAMeasureInItsYieldsToCovers() {
            TariffBook b = book(hike("steel", "US-232-STEEL", 25, "2025-03-12").include("72"),
                    hike("recip", "US-RECIPROCAL", 10, "2025-04-05").targets("*").yieldsTo("US-232-STEEL"));
            Rate steel = b.rate(new RateQuery("US", "CN", "7208", instant("2025-05-01"), null, null));
            assertEquals(25.0, steel.additional().doubleValue());
            assertTrue(steel.components().stream().anyMatch(c -> c.state() == ComponentState.YIELDED));
            assertEquals(10.0, additional(b, "US", "CN", "9401", "2025-05-01"));
        }

        @Test
        void aYieldsToEntryMayNameAMeasureNotYetPublished() {
            TariffBook b = book(hike("recip", "US-RECIPROCAL", 10, "2025-04-05").yieldsTo("US-232-AUTOS"));
            assertEquals(10.0, headline(b, "CN", "2025-05-01"));
            TariffBook later = book(hike("recip", "US-RECIPROCAL", 10, "2025-04-05").yieldsTo("US-232-AUTOS"),
                    hike("autos", "US-232-AUTOS", 25, "2025-04-03").include("8703"));
            assertEquals(25.0, additional(later, "US", "CN", "870323", "2025-05-01"));
        }

        @Test
        void baseMeasuresAreTheBaseNotTheAdditionalAndAddUp() {
            TariffBook b = book(hike("mfn", "US-MFN", 2.5, "2020-01-01").role(PolicyEvent.Role.BASE).targets("*"),
                    hike("mfn-extra", "US-MFN-2", 1, "2020-01-01").role(PolicyEvent.Role.BASE).targets("*"),
                    hike("recip", "US-RECIPROCAL", 10, "2025-04-05").targets("*"));
            Rate r = b.rate(RateQuery.headline("US", "JP", instant("2025-05-01")));
            assertEquals(3.5, r.base().doubleValue());
            assertEquals(10.0, r.additional().doubleValue());
            assertEquals(13.5, r.total().doubleValue());
        }

        @Test
        void aFloorMeasureContributesTheDifferenceToTheBaseAndNeverLess() {
            TariffBook b = book(hike("mfn", "US-MFN", 2.5, "2020-01-01").role(PolicyEvent.Role.BASE).targets("JP")
                            .productRate("8703", 25),
                    hike("deal", "US-JP-DEAL", 15, "2025-08-07").basis(PolicyEvent.Basis.FLOOR).targets("JP"));
            assertEquals(12.5, additional(b, "US", "JP", null, "2025-09-01"));
            assertEquals(15.0, b.rate(RateQuery.headline("US", "JP", instant("2025-09-01"))).total().doubleValue());
            assertEquals(0.0, additional(b, "US", "JP", "870323", "2025-09-01"));
        }

        @Test
        void theLatestMeasureObjectHolds() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").authority("old"),
                    hike("b", "M", 10, "2025-04-01").authority("new").yieldsTo("X"),
                    hike("x", "X", 5, "2025-03-01"));
            Rate r = b.rate(RateQuery.headline("US", "CN", instant("2025-03-15")));
            assertEquals(5.0, r.additional().doubleValue());
            assertEquals("new", r.components().stream().filter(c -> c.measureId().equals("M")).findFirst().orElseThrow()
                    .authority());
        }
    }

    @Nested
    class StagesAndKnowledge {
        final Ev enacted = hike("a", "M", 10, "2025-03-01");
        final Ev announced = hike("b", "M", 25, "2025-06-01").stage(Stage.ANNOUNCED);
        final Ev threatened = hike("c", "M", 50, "2025-07-01").stage(Stage.THREATENED);

        Rate at(TariffBook b, Stage stage, String knownAt, String at) {
            return b.rate(new RateQuery("US", "CN", null, instant(at), knownAt == null ? null : instant(knownAt), stage));
        }

        @Test
        void onlyEnactedCountsByDefault() {
            TariffBook b = book(enacted, announced, threatened);
            assertEquals(10.0, at(b, null, null, "2025-08-01").additional().doubleValue());
        }

        @Test
        void includeAnnouncedAndThreatenedIsTheWhatIf() {
            TariffBook b = book(enacted, announced, threatened);
            assertEquals(25.0, at(b, Stage.ANNOUNCED, null, "2025-08-01").additional().doubleValue());
            assertEquals(50.0, at(b, Stage.THREATENED, null, "2025-08-01").additional().doubleValue());
        }

        @Test
        void aDroppedThreatIsWithdrawnByARevokeAtTheSameStage() {
            TariffBook b = book(enacted, threatened,
                    of("d", Kind.REVOKE).measure("M").stage(Stage.THREATENED).from("2025-07-01"));
            assertEquals(0.0, at(b, Stage.THREATENED, null, "2025-08-01").additional().doubleValue());
            assertEquals(10.0, at(b, Stage.ENACTED, null, "2025-08-01").additional().doubleValue());
        }

        @Test
        void knownAtSeesOnlyEventsAnnouncedByThenFutureScheduleIncluded() {
            TariffBook b = book(hike("a", "M", 10, "2025-03-01").announced("2025-02-01"),
                    hike("b", "M", 30, "2025-06-01").announced("2025-05-01"),
                    of("ex", Kind.EXEMPTION).measure("M").include("8517").from("2025-03-01").announced("2025-06-15"));
            assertEquals(10.0, at(b, null, "2025-04-01", "2025-07-01").additional().doubleValue());
            assertEquals(30.0, at(b, null, "2025-05-02", "2025-07-01").additional().doubleValue());
            assertEquals(10.0, b.rate(new RateQuery("US", "CN", "8517", instant("2025-04-01"), instant("2025-06-01"), null))
                    .additional().doubleValue());
            assertEquals(0.0, b.rate(new RateQuery("US", "CN", "8517", instant("2025-04-01"), null, null))
                    .additional().doubleValue());
        }
    }

    @Nested
    class Deals {
        @Test
        void aDealsChangesApplyAsOneStep() {
            Ev deal = of("geneva", Kind.DEAL).targets("CN").from("2025-05-12")
                    .change(of(null, Kind.CUT).measure("US-RECIPROCAL").targets("CN").rate(10).from("2025-05-14"))
                    .change(of(null, Kind.EXEMPTION).measure("US-FENTANYL").targets("CN").include("30").from("2025-05-14"));
            TariffBook b = seed(deal);
            assertEquals(30.0, headline(b, "CN", "2025-05-15"));
            assertEquals(10.0, additional(b, "US", "CN", "3004", "2025-05-15"));
            assertEquals(145.0, headline(b, "CN", "2025-05-13"));
            assertTrue(b.rate(RateQuery.headline("US", "CN", instant("2025-05-15"))).causes().contains("geneva"));
        }

        @Test
        void aDealWithoutChangesOnlyInforms() {
            TariffBook b = seed(of("framework", Kind.DEAL).targets("CN").from("2025-05-12"));
            assertEquals(145.0, headline(b, "CN", "2025-05-15"));
        }
    }

    @Nested
    class Partners {
        @Test
        void partnersOfAnEventExpandStarAndEu() {
            PolicyEvent star = hike("a", "M", 10, "2025-03-01").targets("*").except("CA").build(1L);
            assertTrue(TariffBook.partnersOf(star).contains("BR"));
            assertTrue(TariffBook.partnersOf(star).contains("EU"));
            assertTrue(!TariffBook.partnersOf(star).contains("CA") && !TariffBook.partnersOf(star).contains("US"));
            PolicyEvent eu = hike("b", "M", 10, "2025-03-01").targets("EU").build(2L);
            assertEquals(28, TariffBook.partnersOf(eu).size());
        }

        @Test
        void productKeysOfAPairAreStarAndEveryListedPrefix() {
            TariffBook b = seed();
            assertEquals(java.util.Set.of("*", "851713", "8471"), b.productKeys("US", "CN"));
        }
    }

    @Nested
    class Measures {
        @Test
        void eachMeasureComesWithItsEventsAndForAPartnerItsTimeline() {
            List<TariffBook.MeasureSummary> measures = seed().measures("US", "JP");
            assertEquals(List.of("US-RECIPROCAL"), measures.stream().map(TariffBook.MeasureSummary::id).toList());
            TariffBook.MeasureSummary m = measures.get(0);
            assertEquals(List.of("baseline-10", "jp-24", "cn-34", "pause-90", "cn-125", "smartphones"),
                    m.events().stream().map(PolicyEvent::id).toList());
            assertEquals(List.of(10.0, 24.0, 10.0, 24.0), m.timeline().stream().map(s -> s.rate().doubleValue()).toList());
            assertEquals(List.of(false, false, true, false), m.timeline().stream().map(TariffBook.TimelineStep::paused).toList());
            assertEquals(instant("2025-07-09T04:01:00Z"), m.timeline().get(3).from());
            assertEquals(null, m.timeline().get(3).until());
        }

        @Test
        void withoutAPartnerEveryMeasureOfTheImposer() {
            assertEquals(List.of("US-FENTANYL", "US-RECIPROCAL"),
                    seed().measures("US", null).stream().map(TariffBook.MeasureSummary::id).toList());
        }
    }
}
