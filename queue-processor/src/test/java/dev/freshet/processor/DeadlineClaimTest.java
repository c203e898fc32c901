package dev.freshet.processor;

import dev.freshet.processor.claim.ClaimPolicy;
import dev.freshet.processor.claim.ClaimSql;
import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.processor.config.Scheduling;
import dev.freshet.shared.queue.Priorities;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.freshet.testsupport.rows.UsageRow.usage;
import static dev.freshet.testsupport.rows.HistoryRow.finished;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The claim statement's choice when the budget cannot take every due job, case by case: each case
 * queues jobs of its own data types on its own provider with a budget of a few calls, claims once,
 * and names the symbols the claim must take.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class DeadlineClaimTest extends ProcessorTestBase {

    private static final String BATCH = "\"batch\": {\"path\": \"/t/many?symbols={symbols}&apikey={apiKey}\", \"maxSymbols\": 100, \"symbolField\": \"/symbol\"}";

    @Inject
    JobClaimer claimer;

    /**
     * A job: its data type (name suffix, tier, batchable), viewers, origin, deadline and enqueue time in seconds from now, and,
     * for a job another processor is calling for, when that call was claimed (null: the job is queued).
     */
    record Job(String symbol, String type, String tier, boolean batch, int viewers, String origin, Integer deadlineIn, int enqueuedIn,
               Integer claimedIn) {
        Job(String symbol, String type, String tier, boolean batch, int viewers, String origin, Integer deadlineIn, int enqueuedIn) {
            this(symbol, type, tier, batch, viewers, origin, deadlineIn, enqueuedIn, null);
        }

        static Job viewed(String symbol, String type, String tier, int viewers, int deadlineIn) {
            return new Job(symbol, type, tier, false, viewers, "viewer", deadlineIn, 0);
        }

        /** A quote call another processor claimed {@code claimedIn} seconds from now and has not finished. */
        static Job quoteCallOut(int claimedIn) {
            return new Job("OUT" + claimedIn, "quotes", "critical", true, 1, "viewer", 30, -60, claimedIn);
        }
    }

    record Case(String name, Scheduling scheduling, int calls, List<Job> jobs, Set<String> expected) {
    }

    static List<Case> cases() {
        List<Job> manyQuotes = IntStream.range(0, 30)
                .mapToObj(i -> new Job("Q" + i, "quotes", "low", true, 1, "viewer", 0, 0)).collect(Collectors.toCollection(ArrayList::new));
        manyQuotes.add(Job.viewed("PROFILE", "profiles", "standard", 3, -60));
        List<Case> out = new ArrayList<>();
        out.add(new Case("earliest deadline first among equal value", Scheduling.DEADLINE, 2, List.of(
                Job.viewed("LATE", "a", "standard", 1, 20), Job.viewed("OVERDUE", "a", "standard", 1, -10),
                Job.viewed("SOON", "a", "standard", 1, 5)), Set.of("OVERDUE", "SOON")));
        out.add(new Case("a higher tier outranks an earlier deadline", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("LOW", "low", "low", 1, -5), Job.viewed("CRIT", "crit", "critical", 1, 20)), Set.of("CRIT")));
        out.add(new Case("among comparable value the higher tier goes first, then the earlier deadline", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("STD4", "std", "standard", 4, -30), Job.viewed("CRIT1", "crit", "critical", 1, 30)), Set.of("CRIT1")));
        out.add(new Case("a tier outranks up to three viewers of the tier below", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("LOW3", "low", "low", 3, -30), Job.viewed("STD1", "std", "standard", 1, 30)), Set.of("STD1")));
        out.add(new Case("of stale pairs of comparable value the more viewed goes first, whatever their deadlines", Scheduling.DEADLINE, 1,
                List.of(Job.viewed("TWO", "a", "low", 2, -50), Job.viewed("THREE", "a", "low", 3, -5)), Set.of("THREE")));
        out.add(new Case("of pairs not yet stale the earlier deadline still goes first", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("THREE-LATER", "a", "low", 3, 20), Job.viewed("TWO-SOONER", "a", "low", 2, 5)), Set.of("TWO-SOONER")));
        out.add(new Case("more viewers outrank an earlier deadline", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("ONE", "a", "standard", 1, -5), Job.viewed("FOUR", "a", "standard", 4, 20)), Set.of("FOUR")));
        out.add(new Case("a batch call counts every pair it serves", Scheduling.DEADLINE, 1, manyQuotes,
                manyQuotes.stream().filter(Job::batch).map(Job::symbol).collect(Collectors.toSet())));
        out.add(new Case("viewed work outranks unviewed work of the same tier", Scheduling.DEADLINE, 1, List.of(
                new Job("SCHED", "a", "standard", false, 0, "scheduled", null, -5), Job.viewed("SEEN", "a", "standard", 1, 30)),
                Set.of("SEEN")));
        out.add(new Case("a pair somebody views goes before a higher tier's pair nobody views any more", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("LEFT", "crit", "critical", 0, -30), Job.viewed("LOOKED-AT", "low", "low", 1, 30)), Set.of("LOOKED-AT")));
        out.add(new Case("aging: a low-value job long past its deadline still runs", Scheduling.DEADLINE, 1, List.of(
                new Job("OLD", "low", "low", false, 1, "viewer", -900, -900), Job.viewed("HOT", "crit", "critical", 8, -1)),
                Set.of("OLD")));
        out.add(new Case("a job due beyond the horizon yields to a stale one, whatever its value", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("AHEAD", "crit", "critical", 8, 3600), Job.viewed("STALE", "low", "low", 1, -5)), Set.of("STALE")));
        out.add(new Case("beyond the horizon, value still orders what is left", Scheduling.DEADLINE, 1, List.of(
                Job.viewed("AHEAD1", "a", "standard", 1, 3000), Job.viewed("AHEAD4", "a", "standard", 4, 3600)), Set.of("AHEAD4")));
        out.add(new Case("a batch call with room to spare gathers while its pairs are fresh beyond the gather margin",
                Scheduling.DEADLINE, 1, quotesDueIn("G", 3, 30), Set.of()));
        out.add(new Case("it goes once its first deadline is within the margin", Scheduling.DEADLINE, 1, quotesDueIn("M", 3, 4),
                Set.of("M0", "M1", "M2")));
        List<Job> withStale = new ArrayList<>(quotesDueIn("W", 2, 30));
        withStale.add(new Job("STALE", "quotes", "critical", true, 1, "viewer", -1, 0));
        out.add(new Case("a stale pair takes the gathering ones along in its call", Scheduling.DEADLINE, 1, withStale,
                Set.of("W0", "W1", "STALE")));
        out.add(new Case("a manual job takes them along too", Scheduling.DEADLINE, 1, List.of(quotesDueIn("N", 1, 30).getFirst(),
                new Job("BY-HAND", "quotes", "critical", true, 0, "manual", 30, 0)), Set.of("N0", "BY-HAND")));
        out.add(new Case("a full batch call gathers too while its pairs are fresh beyond the margin", Scheduling.DEADLINE, 1,
                quotesDueIn("F", 100, 30), Set.of()));
        List<Job> fullDue = quotesDueIn("FD", 100, 4);
        out.add(new Case("and goes once its first deadline is within it", Scheduling.DEADLINE, 1, fullDue,
                fullDue.stream().map(Job::symbol).collect(Collectors.toSet())));
        // the claims run 10 s into a minute whose last 5 s the tiers below may spend whole
        List<Job> intoTheTail = quotesDueIn("T", 100, 51);
        out.add(new Case("a call that would gather into the minute's last seconds, past the tiers' kept calls, goes now",
                Scheduling.DEADLINE, 1, intoTheTail, intoTheTail.stream().map(Job::symbol).collect(Collectors.toSet())));
        List<Job> roomIntoTheTail = quotesDueIn("R", 3, 51);
        out.add(new Case("so does one with room to spare", Scheduling.DEADLINE, 1, roomIntoTheTail,
                roomIntoTheTail.stream().map(Job::symbol).collect(Collectors.toSet())));
        out.add(new Case("one that would go in the next minute gathers", Scheduling.DEADLINE, 1, quotesDueIn("X", 100, 57), Set.of()));
        List<Job> behindCall = new ArrayList<>(quotesDueIn("B", 2, -1));
        behindCall.add(Job.quoteCallOut(0));
        out.add(new Case("a batch call with room to spare waits while a call of its type that began within the window is out",
                Scheduling.DEADLINE, 2, behindCall, Set.of()));
        List<Job> behindOldCall = new ArrayList<>(quotesDueIn("O", 2, -1));
        behindOldCall.add(Job.quoteCallOut(-5));
        out.add(new Case("it does not wait for a call that began longer ago", Scheduling.DEADLINE, 2, behindOldCall, Set.of("O0", "O1")));
        List<Job> fullBehindCall = new ArrayList<>(quotesDueIn("FB", 100, -1));
        fullBehindCall.add(Job.quoteCallOut(0));
        out.add(new Case("a full batch call does not wait for a call out", Scheduling.DEADLINE, 2, fullBehindCall,
                fullBehindCall.stream().filter(j -> j.claimedIn() == null).map(Job::symbol).collect(Collectors.toSet())));
        out.add(new Case("nor does a manual job", Scheduling.DEADLINE, 2, List.of(Job.quoteCallOut(0),
                new Job("HAND", "quotes", "critical", true, 0, "manual", -1, 0)), Set.of("HAND")));
        out.add(new Case("static does not gather", Scheduling.STATIC, 1, quotesDueIn("S", 3, 30), Set.of("S0", "S1", "S2")));
        out.add(new Case("static keeps priority, then age, whatever the deadline", Scheduling.STATIC, 1, List.of(
                new Job("FIRST", "a", "standard", false, 1, "viewer", 60, -20), Job.viewed("URGENT", "a", "standard", 1, -30)),
                Set.of("FIRST")));
        return out;
    }

    /** {@code count} viewed critical quotes of a batch type (100 a call), queued ahead: due {@code seconds} from now. */
    private static List<Job> quotesDueIn(String prefix, int count, int seconds) {
        return IntStream.range(0, count).mapToObj(i -> new Job(prefix + i, "quotes", "critical", true, 1, "viewer", seconds, 0)).toList();
    }

    @Test
    void theClaimSpendsEachCallWhereItKeepsTheMostViewerWeightedFreshness() {
        // 10 s into a minute: where a call would gather to depends on the second of the minute
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(70);
        int n = 0;
        Map<String, Set<String>> failures = new LinkedHashMap<>();
        for (Case c : cases()) {
            String provider = "dl" + n++;
            quota(provider).callsPerMinute(c.calls()).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
            Map<String, DataType> types = new LinkedHashMap<>();
            for (Job j : c.jobs()) {
                String name = provider + "-" + j.type();
                types.computeIfAbsent(name, k -> type(k, provider, j));
                insert(types.get(name), j, now);
            }
            // budgets of a call or two: the low tier's reserve (its own test, below) would hold back their only call; kept
            // until 55 s, the tiers above's calls of a minute before, none here
            ClaimPolicy policy = claimer.policy().with(c.scheduling()).withPacing(1.0).withLowTierReserve(0, Duration.ofSeconds(55))
                    .withBatchGatherMargin(Duration.ofSeconds(5)).withBatchGatherBehindCall(Duration.ofSeconds(1));
            List<String> others = registry.all().stream().map(DataType::dataType).filter(t -> !types.containsKey(t)).toList();
            Set<String> claimed = claimer.claimShiftedBy(Duration.between(Instant.now(), now), "table", 500, Duration.ofSeconds(60), policy, List.of(), others)
                    .await().atMost(Duration.ofSeconds(10)).stream().map(ClaimedJob::symbol).collect(Collectors.toSet());
            if (!claimed.equals(c.expected())) {
                failures.put(c.name(), claimed);
            }
        }
        assertThat(failures).as("cases whose claim took other symbols than expected").isEmpty();
    }

    @Test
    void theLowTierLeavesAShareOfTheMinuteToTheTiersAboveUntilLateInTheMinute() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant minute = twentyCallsAMinute("dlres", now);
        DataType low = type("dlres-low", "dlres", Job.viewed("L", "low", "low", 1, -5));
        for (int i = 0; i < 25; i++) {
            insert(low, Job.viewed("LOW" + i, "low", "low", 1, -5), now);
        }
        ClaimPolicy policy = claimer.policy().withPacing(1.0).withLowTierReserve(0.1, Duration.ofSeconds(55));
        List<String> others = registry.all().stream().map(DataType::dataType).filter(t -> !t.startsWith("dlres-")).toList();

        assertThat(claimAt(minute.plusSeconds(20), policy, others)).as("low work early in the minute: 18 of the 20 calls").hasSize(18);
        assertThat(claimAt(minute.plusSeconds(30), policy, others)).as("low work again, the reserve untouched").isEmpty();
        DataType standard = type("dlres-std", "dlres", Job.viewed("S", "std", "standard", 1, 0));
        insert(standard, Job.viewed("NEWLY-VIEWED", "std", "standard", 1, 0), now);
        assertThat(claimAt(minute.plusSeconds(31), policy, others)).as("a standard pair viewed mid-minute takes a reserved call at once")
                .containsExactly("NEWLY-VIEWED");
        assertThat(claimAt(minute.plusSeconds(56), policy, others)).as("late in the minute the low tier spends what is left")
                .hasSize(1).allMatch(s -> s.startsWith("LOW"));
        assertThat(claimAt(minute.plusSeconds(57), policy, others)).as("and never more than the minute's calls").isEmpty();
    }

    @Test
    void whilePeopleLookTheirPairsTakeTheMinuteFirstAndWorkNobodyNeedsNowWaitsUntilLateInIt() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TwoTiers provider = standardAndLowAtTwentyCallsAMinute("dlnow", now);
        Instant minute = provider.minute();
        DataType standard = provider.standard();
        DataType low = provider.low();
        for (int i = 0; i < 10; i++) {
            insert(standard, Job.viewed("STD" + i, "std", "standard", 1, -5), now);
        }
        for (int i = 0; i < 6; i++) {
            insert(low, Job.viewed("LOW" + i, "low", "low", 1, -5), now);
        }
        for (int i = 0; i < 5; i++) {
            insert(standard, Job.viewed("LEFT" + i, "std", "standard", 0, -5), now);
        }
        for (int i = 0; i < 3; i++) {
            insert(standard, Job.viewed("AHEAD" + i, "std", "standard", 1, 3600), now);
        }
        sql.update("insert into active_subscriptions (client_id, symbol, data_type) values ('c1', 'STD0', ?)", standard.dataType());
        ClaimPolicy policy = claimer.policy().with(Scheduling.DEADLINE).withPacing(0.25).withLowTierReserve(0.1, Duration.ofSeconds(55));
        List<String> others = registry.all().stream().map(DataType::dataType).filter(t -> !t.startsWith("dlnow-")).toList();

        // 100 ms in: the shift is taken from this JVM's clock and the claim reads the database's
        Set<String> viewed = new java.util.HashSet<>(symbols("STD", 10));
        viewed.addAll(symbols("LOW", 6));
        assertThat(claimAt(minute.plusMillis(100), policy, others))
                .as("viewed pairs spend the minute at once, not paced (5 of 20 so far), the low tier within its reserve (18 of 20)")
                .isEqualTo(viewed);
        assertThat(claimAt(minute.plusSeconds(50), policy, others))
                .as("the pairs nobody views and those due in an hour wait, though the minute has calls left")
                .isEmpty();
        assertThat(claimAt(minute.plusSeconds(56), policy, others))
                .as("late in the minute, what is left goes to work nobody needs now, stale before far ahead")
                .hasSize(4).allMatch(s -> s.startsWith("LEFT"));

        sql.update("delete from refresh_jobs where provider = 'dlnow' and status = 'processing'");
        sql.update("delete from active_subscriptions where client_id = 'c1'");
        assertThat(claimAt(minute.plusSeconds(61), policy, others))
                .as("with nobody looking at the provider's pairs, that work takes the paced budget at once")
                .containsExactlyInAnyOrder("LEFT4", "AHEAD0", "AHEAD1", "AHEAD2");
    }

    /** A provider of 20 calls a minute, no margin, no on-demand reserve; returns the start of the next minute, the claims' minute. */
    private static Instant twentyCallsAMinute(String provider, Instant now) {
        quota(provider).callsPerMinute(20).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        return now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    }

    /** A provider's standard and low data types, and the minute its claims run in. */
    private record TwoTiers(Instant minute, DataType standard, DataType low) {
    }

    /** {@link #twentyCallsAMinute} with a standard and a low data type, named {@code provider-std} and {@code provider-low}. */
    private TwoTiers standardAndLowAtTwentyCallsAMinute(String provider, Instant now) {
        return new TwoTiers(twentyCallsAMinute(provider, now),
                type(provider + "-std", provider, Job.viewed("S", "std", "standard", 1, -5)),
                type(provider + "-low", provider, Job.viewed("L", "low", "low", 1, -5)));
    }

    private static Set<String> symbols(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toSet());
    }

    @Test
    void theLowTierLeavesTheTiersAboveWhatTheirViewedPairsUsedLastMinuteShrinkingToNoneLateInTheMinute() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TwoTiers provider = standardAndLowAtTwentyCallsAMinute("dlup", now);
        Instant minute = provider.minute();
        DataType standard = provider.standard();
        DataType low = provider.low();
        for (int i = 0; i < 8; i++) {
            finishedJob(standard, "LAST" + i, 1, "viewer", "p1", minute.minusSeconds(30 - i));
        }
        for (int i = 0; i < 20; i++) {
            insert(low, Job.viewed("LOW" + i, "low", "low", 1, -5), now);
        }
        ClaimPolicy policy = claimer.policy().with(Scheduling.DEADLINE).withPacing(0.25).withLowTierReserve(0.1, Duration.ofSeconds(55));
        List<String> others = registry.all().stream().map(DataType::dataType).filter(t -> !t.startsWith("dlup-")).toList();

        assertThat(claimAt(minute.plusMillis(100), policy, others)).as("8 calls left to the standard tier: 12 of 20").hasSize(12);
        // just past half-way to 55 s (the shift reaches the database a fraction of a millisecond either side): half of them kept
        assertThat(claimAt(minute.plusMillis(27_600), policy, others)).as("27.6 s in, ceil(8 × 27.4 / 55) = 4 kept: 4 more").hasSize(4);
        insert(standard, Job.viewed("OPENED", "std", "standard", 1, 0), now);
        assertThat(claimAt(minute.plusSeconds(30), policy, others)).as("a standard pair viewed now takes a kept call")
                .containsExactly("OPENED");
        assertThat(claimAt(minute.plusSeconds(56), policy, others)).as("after 55 s the low tier spends what the minute has left")
                .hasSize(3);
    }

    /**
     * The standard tier's calls of the previous minute were a backlog: the low tier leaves it no more than it can still
     * use, its pairs queued now that a low call would go before (none, then five) and its pairs queued during that minute.
     */
    @ParameterizedTest
    @CsvSource({"0, 18, 0", "5, 15, 5"})
    void theLowTierLeavesTheStandardTierNoMoreOfItsLastMinuteThanItCanStillUse(int standardQueued, int lowClaimed, int standardClaimed) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TwoTiers provider = standardAndLowAtTwentyCallsAMinute("dlgone" + standardQueued, now);
        Instant minute = provider.minute();
        for (int i = 0; i < 8; i++) {
            finishedJob(provider.standard(), "DRAINED" + i, 1, "viewer", "p1", minute.minusSeconds(30 - i), Duration.ofMinutes(2));
        }
        // viewed by 16, a low pair outranks a standard pair viewed by one (16 × 1 against 1 × 4): the standard jobs queued
        // now come after the low ones in the claim's order, and only the calls kept for them save them a call
        for (int i = 0; i < standardQueued; i++) {
            insert(provider.standard(), Job.viewed("STD" + i, "std", "standard", 1, -5), now);
        }
        for (int i = 0; i < 20; i++) {
            insert(provider.low(), Job.viewed("LOW" + i, "low", "low", 16, -5), now);
        }
        ClaimPolicy policy = claimer.policy().with(Scheduling.DEADLINE).withPacing(0.25).withLowTierReserve(0.1, Duration.ofSeconds(55));
        List<String> others = registry.all().stream().map(DataType::dataType)
                .filter(t -> !t.equals(provider.standard().dataType()) && !t.equals(provider.low().dataType())).toList();

        Set<String> claimed = claimAt(minute.plusMillis(100), policy, others);

        assertThat(claimed.stream().filter(s -> s.startsWith("LOW"))).as("8 standard calls last minute, none of them for pairs new "
                + "then: the low tier leaves the standard pairs queued now and the floor (2 of 20)").hasSize(lowClaimed);
        assertThat(claimed.stream().filter(s -> s.startsWith("STD"))).hasSize(standardClaimed);
    }

    /** Both tiers below critical leave it its calls of the previous minute whole, not shrinking, until 55 s. */
    @ParameterizedTest
    @ValueSource(strings = {"standard", "low"})
    void aTierBelowCriticalLeavesItWhatItUsedLastMinuteWholeUntilLateInTheMinute(String tier) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
        String provider = "dlcr" + tier.charAt(0);
        quota(provider).callsPerMinute(10).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType quotes = type(provider + "-crit", provider, new Job("Q", "crit", "critical", true, 1, "viewer", 0, 0));
        DataType below = type(provider + "-below", provider, Job.viewed("B", "below", tier, 1, -5));
        finishedJob(quotes, "Q1", 1, "viewer", "p1", minute.minusSeconds(40));
        finishedJob(quotes, "Q2", 1, "viewer", "p1", minute.minusSeconds(20));
        for (int i = 0; i < 10; i++) {
            insert(below, Job.viewed("B" + i, "below", tier, 1, -5), now);
        }
        // the low tier's floor, a tenth of 10 calls, is below the 2 kept: the share kept is critical's alone
        ClaimPolicy policy = claimer.policy().with(Scheduling.DEADLINE).withPacing(0.25).withLowTierReserve(0.1, Duration.ofSeconds(55));
        List<String> others = registry.all().stream().map(DataType::dataType).filter(t -> !t.startsWith(provider + "-")).toList();

        assertThat(claimAt(minute.plusMillis(100), policy, others)).as("2 quote calls last minute: 8 of 10 for " + tier).hasSize(8);
        assertThat(claimAt(minute.plusSeconds(50), policy, others))
                .as("50 s in both calls are still kept: a quote comes due again at any second of the minute").isEmpty();
        insert(quotes, new Job("QUOTE", "crit", "critical", true, 1, "viewer", 0, 0), now);
        assertThat(claimAt(minute.plusSeconds(51), policy, others)).as("a quote due late in the minute takes a kept call")
                .containsExactly("QUOTE");
        assertThat(claimAt(minute.plusSeconds(56), policy, others)).as("after 55 s " + tier + " spends what is left").hasSize(1);
    }

    @Test
    void theCallsOfTheTiersAboveTheLowestAreCountedFromThePreviousMinutesViewedJobs() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(5));
        Instant previous = minute.minusSeconds(40);
        quota("dlcount").insert(Fixtures.sql());
        quota("dlcount2").insert(Fixtures.sql());
        DataType std = type("dlcount-std", "dlcount", Job.viewed("S", "std", "standard", 1, -5));
        DataType low = type("dlcount-low", "dlcount", Job.viewed("L", "low", "low", 1, -5));
        DataType quotes = type("dlcount-crit", "dlcount", new Job("Q", "crit", "critical", true, 1, "viewer", 0, 0));
        DataType other = type("dlcount2-std", "dlcount2", Job.viewed("S", "std", "standard", 1, -5));
        finishedJob(std, "VIEWED", 2, "viewer", "p1", previous);
        finishedJob(std, "MANUAL", 0, "manual", "p1", previous);
        finishedJob(std, "LEFT", 0, "viewer", "p1", previous);
        finishedJob(std, "SCHEDULED", 0, "scheduled", "p1", previous);
        finishedJob(low, "LOW", 1, "viewer", "p1", previous);
        finishedJob(std, "BACKLOG", 3, "viewer", "p1", previous, Duration.ofSeconds(60));
        finishedJob(quotes, "Q5", 1, "viewer", "p3", previous, Duration.ofSeconds(60));
        finishedJob(std, "THIS-MINUTE", 1, "viewer", "p1", minute.plusSeconds(1));
        finishedJob(std, "TWO-MINUTES-AGO", 1, "viewer", "p1", minute.minusSeconds(61));
        for (String s : List.of("Q1", "Q2", "Q3")) {
            finishedJob(quotes, s, 1, "viewer", "p1", previous);
        }
        finishedJob(quotes, "Q4", 1, "viewer", "p2", previous);
        finishedJob(other, "ELSEWHERE", 1, "viewer", "p1", previous);

        Map<String, List<Double>> calls = new LinkedHashMap<>();
        Fixtures.sql().rows(ClaimSql.UPPER_TIER_CALLS.replace("$1", "?"), minute.toString(), minute.toString(), minute.toString())
                .forEach(r -> calls.put((String) r.get("provider"), List.of(((Number) r.get("calls")).doubleValue(),
                        ((Number) r.get("critical_calls")).doubleValue(), ((Number) r.get("standard_new_calls")).doubleValue())));

        assertThat(calls).as("critical and standard calls, critical alone, standard pairs queued in the minute they were claimed "
                        + "in: viewed and manual standard jobs a call each, quotes one call per claim; not nobody's, not "
                        + "scheduled, not the low tier, not other minutes")
                .containsExactlyInAnyOrderEntriesOf(Map.of("dlcount", List.of(6.0, 3.0, 2.0), "dlcount2", List.of(1.0, 0.0, 1.0)));
    }

    private void finishedJob(DataType dt, String symbol, int viewers, String origin, String instance, Instant claimedAt) {
        finishedJob(dt, symbol, viewers, origin, instance, claimedAt, Duration.ofSeconds(1));
    }

    private void finishedJob(DataType dt, String symbol, int viewers, String origin, String instance, Instant claimedAt, Duration queuedFor) {
        long id = Fixtures.sql().count("select nextval(pg_get_serial_sequence('refresh_jobs', 'job_id'))");
        finished(id, dt.dataType(), symbol).provider(dt.provider()).origin(origin).viewers(viewers).claimed(instance, claimedAt)
                .enqueuedAt(claimedAt.minus(queuedFor)).finishedAt(claimedAt.plusMillis(500)).insert(Fixtures.sql());
    }

    private Set<String> claimAt(Instant at, ClaimPolicy policy, List<String> skipDataTypes) {
        return claimer.claimShiftedBy(Duration.between(Instant.now(), at), "table", 500, Duration.ofSeconds(60), policy, List.of(), skipDataTypes)
                .await().atMost(Duration.ofSeconds(10)).stream().map(ClaimedJob::symbol).collect(Collectors.toSet());
    }

    @Test
    void aPausedProviderAndASpentScheduledShareAreLeftAloneWhileTheRestIsClaimed() {
        // the claim runs half a minute into the next minute, and the usage is booked to that minute: a claim that
        // fell into the minute after the booking's would find the scheduled share unspent
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofSeconds(90));
        // paused: a budget to spare, and still nothing of it is claimed
        quota("dlpaused").callsPerMinute(10).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType paused = type("dlpaused-a", "dlpaused", Job.viewed("P", "a", "standard", 1, -5));
        insert(paused, Job.viewed("PAUSED", "a", "standard", 1, -5), now);
        sql.update("insert into provider_pauses (provider, paused_by, reason) values ('dlpaused', 'test', 'maintenance')");
        // the scheduled share (half of 10) already used: only the viewed job may take the reserve
        quota("dlshare").callsPerMinute(10).safetyMarginPct(0).onDemandReservePct(50).insert(Fixtures.sql());
        usage("dlshare", now.truncatedTo(ChronoUnit.MINUTES)).calls(5).insert(sql);
        DataType share = type("dlshare-a", "dlshare", Job.viewed("S", "a", "standard", 1, -5));
        insert(share, new Job("SCHEDULED", "a", "standard", false, 0, "scheduled", null, -60), now);
        insert(share, Job.viewed("VIEWED", "a", "standard", 1, -5), now);

        List<String> others = registry.all().stream().map(DataType::dataType)
                .filter(t -> !t.equals(paused.dataType()) && !t.equals(share.dataType())).toList();
        Set<String> claimed = claimer.claimShiftedBy(Duration.between(Instant.now(), now), "table", 500, Duration.ofSeconds(60),
                        claimer.policy().withPacing(1.0), List.of(), others)
                .await().atMost(Duration.ofSeconds(10)).stream().map(ClaimedJob::symbol).collect(Collectors.toSet());

        assertThat(claimed).containsExactly("VIEWED");
        sql.update("delete from provider_pauses where provider = 'dlpaused'");
    }

    @Test
    void badSchedulingSettingsAreRefusedWithEveryProblemNamed() {
        ClaimPolicy ok = claimer.policy();
        assertThatThrownBy(() -> new ClaimPolicy(Scheduling.DEADLINE, -1, 0, 1, 0, ok.agingStep(), ok.deadlineAgingStep(),
                ok.deadlineHorizon(), ok.pacingBurst(), ok.pacingWindow(), 1.0, Duration.ofSeconds(61), Duration.ofSeconds(-1), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tier-weights.critical must be a positive number, was -1.0")
                .hasMessageContaining("tier-weights.standard must be a positive number, was 0.0")
                .hasMessageContaining("unviewed-weight must be above 0 and at most 1, was 0.0")
                .hasMessageContaining("low-tier-reserve must be from 0 to below 1, was 1.0")
                .hasMessageContaining("low-tier-reserve-until must be from 0s to 60s, was PT1M1S")
                .hasMessageContaining("batch-gather-margin must be zero or more, was PT-1S")
                .hasMessageContaining("batch-gather-behind-call must be zero or more, was PT-0.001S");
        assertThatThrownBy(() -> new ClaimPolicy(Scheduling.DEADLINE, 4, 2, 1, ok.unviewedWeight(), ok.agingStep(), Duration.ZERO,
                Duration.ofSeconds(-1), 1.5, Duration.ofSeconds(90), ok.lowTierReserve(), ok.lowTierReserveUntil(), ok.batchGatherMargin(),
                ok.batchGatherBehindCall()))
                .hasMessageContaining("deadline-aging-step must be positive")
                .hasMessageContaining("deadline-horizon must be zero or more, was PT-1S")
                .hasMessageContaining("quota-pacing-burst must be from 0 to 1")
                .hasMessageContaining("quota-pacing-window must be above 0s and at most 60s");
    }

    private DataType type(String name, String provider, Job j) {
        Fixtures.quoteType(registry, name, provider, 5, "paused", j.batch() ? BATCH : null);
        sql.update("update data_type_registry set tier = ? where data_type = ?", j.tier(), name);
        return Fixtures.awaitType(registry, name);
    }

    private void insert(DataType dt, Job j, Instant now) {
        int priority = j.origin().equals("viewer") ? Priorities.viewer(dt, j.viewers()) : Priorities.scheduled(dt);
        sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, viewer_count, run_after, enqueued_at, deadline_at)
                values (?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz)""",
                dt.dataType(), j.symbol(), dt.provider(), priority, j.origin(), j.viewers(), now.minusSeconds(3600).toString(),
                now.plusSeconds(j.enqueuedIn()).toString(), j.deadlineIn() == null ? null : now.plusSeconds(j.deadlineIn()).toString());
        if (j.claimedIn() != null) {
            sql.update("""
                    update refresh_jobs set status = 'processing', attempts = 1, claimed_by = 'another', claimed_at = ?::timestamptz,
                           lease_expires_at = ?::timestamptz, reserved_calls = 1
                     where data_type = ? and symbol = ?""",
                    now.plusSeconds(j.claimedIn()).toString(), now.plusSeconds(60).toString(), dt.dataType(), j.symbol());
        }
    }
}
