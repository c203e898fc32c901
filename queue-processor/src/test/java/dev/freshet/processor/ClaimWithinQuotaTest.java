package dev.freshet.processor;

import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.processor.claim.ClaimSql;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.processor.config.Scheduling;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim statement against the real database. Data types here are disabled in the registry, so
 * the running processor leaves them alone and only these direct claims take them; the claims run
 * at a fixed instant (the database's clock shifted there) so a minute boundary cannot change the
 * budget mid-test.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class ClaimWithinQuotaTest extends ProcessorTestBase {

    static final Duration LEASE = Duration.ofSeconds(60);
    /** The budget tests below look at whole minutes; pacing has a test of its own. */
    static final double UNPACED = 1.0;

    @Inject
    JobClaimer claimer;

    private volatile String current;

    private static Instant fixedNow() {
        return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES).plusSeconds(30);
    }

    /**
     * The claim runs on the database's clock; a test moves it by a deliberate shift (the database and
     * this JVM share one host clock here).
     */
    private static Duration shiftTo(Instant at) {
        return Duration.between(Instant.now(), at);
    }

    private static List<String> symbols(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void concurrentClaimLoopsNeverExceedCallsPerMinuteUnderABurstOfThousandsOfJobs() throws Exception {
        quota("budgetp").callsPerMinute(100).safetyMarginPct(10).onDemandReservePct(20).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, "budget-quote", "budgetp", 5, "paused", null);
        current = "budget-quote";
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.SCHEDULED, symbols("S", 2000));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, symbols("V", 1000));
        Instant now = fixedNow();

        List<ClaimedJob> all = claimConcurrently("budgetp", now, 4, 25);

        // 100 a minute less the 10% margin; viewer jobs outrank scheduled ones and may use the reserve
        assertThat(all).hasSize(90);
        assertThat(all).allMatch(j -> j.origin().equals("viewer"));
        assertThat(all.stream().map(ClaimedJob::jobId).distinct().count()).as("no job claimed twice").isEqualTo(90);
        // which loop wins each round is up to the lock: on a busy machine one loop can win them all, so the
        // test holds the budget, not a share per loop, to account
        assertThat(sql.count("select sum(reserved_calls) from refresh_jobs where provider = 'budgetp' and status = 'processing'"))
                .isEqualTo(90);

        // settle 30 of them as calls made this minute: the budget stays spent
        settle("budgetp", 30, now);
        sql.update("delete from refresh_jobs where job_id in (select job_id from refresh_jobs where provider = 'budgetp' and status = 'processing' limit 30)");
        assertThat(claimConcurrently("budgetp", now, 4, 25)).isEmpty();

        // next minute: usage of the last one no longer counts, the 60 reservations still do
        List<ClaimedJob> next = claimConcurrently("budgetp", now.plusSeconds(60), 4, 25);
        assertThat(next).hasSize(30);
    }

    @Test
    void aPacedMinuteBudgetOpensAShareAtTheStartAndTheRestEvenlyUntilThePacingWindowEnds() {
        viewerJobsOfTheirOwnProvider("pacedp", 100, "paced-quote", symbols("P", 200));
        Instant minute = fixedNow().truncatedTo(ChronoUnit.MINUTES);

        // 90 usable; a quarter at once, then 67.5 more spread over the 45 s pacing window
        // 100 ms in, not on the boundary: the shift is taken from this JVM's clock and the claim reads the
        // database's, and a fraction of a millisecond early would land in the previous minute
        assertThat(pacedClaim(minute.plusMillis(100), 0.25)).as("start of the minute").hasSize(22);
        assertThat(pacedClaim(minute.plusSeconds(20), 0.25)).as("20 s in: floor(90 × 0.5833) = 52 in all").hasSize(30);
        assertThat(pacedClaim(minute.plusSeconds(20), 0.25)).as("nothing more until more has accrued").isEmpty();
        assertThat(pacedClaim(minute.plusSeconds(44), 0.25)).as("floor(90 × 0.9833) = 88 in all").hasSize(36);
        assertThat(pacedClaim(minute.plusSeconds(46), 0.25)).as("the whole usable budget well before the minute ends").hasSize(2);
        assertThat(pacedClaim(minute.plusSeconds(59), 0.25)).as("never more than the usable budget").isEmpty();
        // a new minute: the previous one's reservations are still processing and count
        assertThat(pacedClaim(minute.plusSeconds(60), 1.0)).as("unpaced, nothing while 90 are reserved").isEmpty();
    }

    @Test
    void whileDueWorkWaitsEveryMinuteSpendsItsUsableCallsAndNeverMoreAcrossALimitChange() {
        viewerJobsOfTheirOwnProvider("usep", 30, "use-quote", symbols("U", 150));
        Instant first = fixedNow().truncatedTo(ChronoUnit.MINUTES);

        assertThat(claimEverySecondOf(first, "usep")).as("27 usable of 30 at a 10%% margin, paced").isEqualTo(27);

        // the next minute already held 10 calls under a higher limit when the limit drops to 30
        Instant second = first.plusSeconds(60);
        sql.update("update provider_quotas set calls_per_minute = 120 where provider = 'usep'");
        settle("usep", 10, second);
        sql.update("update provider_quotas set calls_per_minute = 30 where provider = 'usep'");
        assertThat(claimEverySecondOf(second, "usep")).as("the rest of the new usable budget, no more").isEqualTo(17);

        assertThat(claimEverySecondOf(second.plusSeconds(60), "usep")).isEqualTo(27);
    }

    /** A provider with a 10 % margin, a quote-shaped data type of it that this test claims alone, and viewer jobs. */
    private void viewerJobsOfTheirOwnProvider(String provider, int callsPerMinute, String dataType, List<String> symbols) {
        quota(provider).callsPerMinute(callsPerMinute).safetyMarginPct(10).onDemandReservePct(0).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, dataType, provider, 5, "paused", null);
        current = dataType;
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, symbols);
    }

    /** Claims once a second through a minute at the default pacing, finishing each claim's calls at once; returns the calls made. */
    private int claimEverySecondOf(Instant minute, String provider) {
        int calls = 0;
        for (int s = 0; s < 60; s++) {
            Instant at = minute.plusSeconds(s);
            int claimed = pacedClaim(at, claimer.policy().pacingBurst()).size();
            if (claimed > 0) {
                sql.update("delete from refresh_jobs where provider = ? and status = 'processing'", provider);
                settle(provider, claimed, at);
                calls += claimed;
            }
        }
        return calls;
    }

    /**
     * Under the static policy, which paces every call; the deadline policy paces only the lowest tier and work nobody
     * needs now ({@code DeadlineClaimTest}), and these viewed jobs are of the standard tier.
     */
    private List<ClaimedJob> pacedClaim(Instant now, double burst) {
        return claimer.claimShiftedBy(shiftTo(now), "pacer", 200, LEASE, claimer.policy().with(Scheduling.STATIC).withPacing(burst), List.of(), others())
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void scheduledJobsLeaveTheOnDemandReserveUntouched() throws Exception {
        quota("reservep").callsPerMinute(100).safetyMarginPct(10).onDemandReservePct(20).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, "reserve-quote", "reservep", 5, "paused", null);
        current = "reserve-quote";
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.SCHEDULED, symbols("S", 500));
        Instant now = fixedNow();

        assertThat(claimConcurrently("reservep", now, 3, 20)).hasSize(72);

        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, symbols("V", 50));
        List<ClaimedJob> viewers = claimConcurrently("reservep", now, 3, 20);
        assertThat(viewers).hasSize(18).allMatch(j -> j.origin().equals("viewer"));
    }

    @Test
    void bytesWindowAndCallsPerDayLimitTheClaimToo() {
        quota("bytesp").bytesPerWindow(10_000, 86400).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, "bytes-quote", "bytesp", 5, "paused", null);
        current = "bytes-quote";
        sql.update("update data_type_registry set estimated_bytes = 1000 where data_type = 'bytes-quote'");
        Fixtures.awaitType(registry, "bytes-quote");
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, symbols("B", 30));
        Instant now = fixedNow();
        settle("bytesp", 0, now.minusSeconds(3600), 3_000);
        assertThat(claim("bytes", now, 100)).as("7,000 bytes left at 1,000 each").hasSize(7);

        quota("dayp").callsPerDay(50).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType day = Fixtures.quoteType(registry, "day-quote", "dayp", 5, "paused", null);
        current = "day-quote";
        Fixtures.enqueue(enqueuer, pool, day, JobOrigin.VIEWER, symbols("D", 30));
        settle("dayp", 45, now.minusSeconds(7200));
        assertThat(claim("day", now, 100)).hasSize(5);
    }

    @Test
    void batchableJobsOfOneDataTypeReserveOneCallPerGroup() {
        quota("batchp").callsPerMinute(2).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, "batch-quote", "batchp", 5, "paused",
                "\"batch\": {\"path\": \"/t/batch-quote-many?symbols={symbols}&apikey={apiKey}\", \"maxSymbols\": 100, \"symbolField\": \"/symbol\"}");
        current = "batch-quote";
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, symbols("Q", 250));

        List<ClaimedJob> claimed = claim("batcher", fixedNow(), 500);

        assertThat(claimed).as("two calls of 100 symbols").hasSize(200);
        assertThat(claimed.stream().mapToInt(ClaimedJob::reservedCalls).sum()).isEqualTo(2);
    }

    @Test
    void aPausedProvidersJobsStayQueuedUntilItIsResumed() {
        quota("pausep").callsPerMinute(100).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, "pause-quote", "pausep", 5, "paused", null);
        current = "pause-quote";
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("P1", "P2"));
        sql.update("insert into provider_pauses (provider, paused_by) values ('pausep', 'ops')");

        assertThat(claim("pauser", fixedNow(), 10)).isEmpty();
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'pause-quote' and status = 'pending' and attempts = 0"))
                .isEqualTo(2);

        sql.update("delete from provider_pauses where provider = 'pausep'");
        assertThat(claim("pauser", fixedNow(), 10)).extracting(ClaimedJob::symbol).containsExactlyInAnyOrder("P1", "P2");
    }

    @Test
    void agedScheduledJobOutranksAFreshViewerJob() {
        DataType dt = Fixtures.quoteType(registry, "aging-quote", "agingp", 5, "paused", null);
        current = "aging-quote";
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.SCHEDULED, List.of("OLD"));
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("NEW"));
        sql.update("update refresh_jobs set enqueued_at = now() - interval '1 day', run_after = now() - interval '1 day' where data_type = 'aging-quote' and symbol = 'OLD'");

        assertThat(claim("ager", fixedNow(), 1)).extracting(ClaimedJob::symbol).containsExactly("OLD");
        assertThat(claim("ager", fixedNow(), 1)).extracting(ClaimedJob::symbol).containsExactly("NEW");
    }

    @Test
    void renewingLeasesOnlyTouchesThisInstancesRunningJobs() {
        DataType dt = Fixtures.quoteType(registry, "lease-quote", "leasep", 5, "paused", null);
        current = "lease-quote";
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of("L1", "L2"));
        List<ClaimedJob> mine = claim("leaser", Instant.now(), 1);
        List<ClaimedJob> theirs = claim("other", Instant.now(), 1);
        List<Long> ids = List.of(mine.get(0).jobId(), theirs.get(0).jobId());

        int renewed = claimer.renew("leaser", ids, Duration.ofMinutes(30)).await().atMost(Duration.ofSeconds(5));

        assertThat(renewed).isEqualTo(1);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'lease-quote' and lease_expires_at > now() + interval '20 minutes'"))
                .isEqualTo(1);
    }

    private List<ClaimedJob> claim(String instance, Instant now, int limit) {
        return claimer.claimShiftedBy(shiftTo(now), instance, limit, LEASE, claimer.policy().with(Scheduling.STATIC).withPacing(UNPACED), List.of(), others()).await().atMost(Duration.ofSeconds(10));
    }

    /** Each test claims only its own data type, whatever earlier tests left queued. */
    private List<String> others() {
        return registry.all().stream().map(d -> d.dataType()).filter(n -> !n.equals(current)).toList();
    }

    @Test
    void aClaimForOneProviderProceedsWhileAnotherClaimHoldsAnotherProvidersBudgetAndTheHeldOneWaitsForNothing() {
        quota("heldp").callsPerMinute(100).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        quota("freep").callsPerMinute(100).safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType held = Fixtures.quoteType(registry, "held-quote", "heldp", 5, "paused", null);
        DataType free = Fixtures.quoteType(registry, "free-quote", "freep", 5, "paused", null);
        Fixtures.enqueue(enqueuer, pool, held, JobOrigin.VIEWER, symbols("H", 3));
        Fixtures.enqueue(enqueuer, pool, free, JobOrigin.VIEWER, symbols("F", 3));
        Instant now = fixedNow();

        // another processor's claim, still in its transaction, holding heldp's budget (it may take only held-quote)
        current = "held-quote";
        SqlConnection other = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            Transaction tx = other.begin().await().atMost(Duration.ofSeconds(10));
            String[] busy = other.preparedQuery(ClaimSql.LOCK_BUDGETS).execute(Tuple.of(0.0, new String[0], others().toArray(String[]::new)))
                    .await().atMost(Duration.ofSeconds(10)).iterator().next().getArrayOfStrings("busy");
            assertThat(busy).as("nothing else held it").isEmpty();

            current = "free-quote";
            assertThat(round("freer", now).jobs()).as("freep's claim proceeds meanwhile").hasSize(3);
            current = "held-quote";
            JobClaimer.ClaimRound skipped = round("heldr", now);
            assertThat(skipped.jobs()).as("heldp's budget is the other claim's: skipped, not waited for").isEmpty();
            assertThat(skipped.busyProviders()).contains("heldp").doesNotContain("freep");

            tx.commit().await().atMost(Duration.ofSeconds(10));
        } finally {
            other.close().await().atMost(Duration.ofSeconds(10));
        }
        JobClaimer.ClaimRound after = round("heldr", now);
        assertThat(after.jobs()).as("once the other claim is done").hasSize(3);
        assertThat(after.busyProviders()).isEmpty();
    }

    @Test
    void providersWithoutALimitAreNeverHeldAndConcurrentClaimsShareTheirJobsEachOnce() throws Exception {
        quota("openp").insert(Fixtures.sql());
        DataType open = Fixtures.quoteType(registry, "open-quote", "openp", 5, "paused", null);
        DataType none = Fixtures.quoteType(registry, "none-quote", "nonep", 5, "paused", null);
        Fixtures.enqueue(enqueuer, pool, open, JobOrigin.SCHEDULED, symbols("O", 300));
        Fixtures.enqueue(enqueuer, pool, none, JobOrigin.SCHEDULED, symbols("N", 300));
        current = "open-quote";
        List<ClaimedJob> opened = claimConcurrently("openp", fixedNow(), 4, 20);
        current = "none-quote";
        List<ClaimedJob> unquoted = claimConcurrently("nonep", fixedNow(), 4, 20);

        assertThat(opened).hasSize(300);
        assertThat(unquoted).as("a provider without a quota row is claimable").hasSize(300);
        assertThat(opened.stream().map(ClaimedJob::jobId).distinct().count()).as("no job claimed twice").isEqualTo(300);
        assertThat(unquoted.stream().map(ClaimedJob::jobId).distinct().count()).isEqualTo(300);

        // never held: while another claim is in its transaction, holding every budget it may, openp's jobs are still claimed
        // (whether the concurrent loops above each took part depends on the machine's scheduling: one may take them all)
        Fixtures.enqueue(enqueuer, pool, open, JobOrigin.SCHEDULED, symbols("P", 3));
        current = "open-quote";
        SqlConnection other = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            Transaction tx = other.begin().await().atMost(Duration.ofSeconds(10));
            other.preparedQuery(ClaimSql.LOCK_BUDGETS).execute(Tuple.of(0.0, new String[0], new String[0])).await().atMost(Duration.ofSeconds(10));
            JobClaimer.ClaimRound meanwhile = round("openr", fixedNow());
            assertThat(meanwhile.jobs()).as("claimed while another claim holds every budget").hasSize(3);
            assertThat(meanwhile.busyProviders()).doesNotContain("openp", "nonep");
            tx.rollback().await().atMost(Duration.ofSeconds(10));
        } finally {
            other.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    private JobClaimer.ClaimRound round(String instance, Instant now) {
        return claimer.roundShiftedBy(shiftTo(now), instance, 100, LEASE, claimer.policy().with(Scheduling.STATIC).withPacing(UNPACED),
                List.of(), others()).await().atMost(Duration.ofSeconds(10));
    }

    /** Loops claiming at once until each has come back empty twice while no other claim held the provider's budget. */
    private List<ClaimedJob> claimConcurrently(String provider, Instant now, int loops, int batch) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(loops);
        // the loops start claiming together: on a busy machine a loop whose thread started first could
        // otherwise take the whole budget before the others ran at all
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(loops);
        try {
            List<CompletableFuture<List<ClaimedJob>>> futures = new ArrayList<>();
            for (int i = 0; i < loops; i++) {
                String instance = "loop-" + i;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the claim loops did not all start", e);
                    }
                    List<ClaimedJob> mine = new ArrayList<>();
                    int empty = 0;
                    while (empty < 2) {
                        JobClaimer.ClaimRound got = claimer.roundShiftedBy(shiftTo(now), instance, batch, LEASE,
                                claimer.policy().with(Scheduling.STATIC).withPacing(UNPACED), List.of(), others()).await().atMost(Duration.ofSeconds(10));
                        mine.addAll(got.jobs());
                        empty = got.jobs().isEmpty() && !got.busyProviders().contains(provider) ? empty + 1 : 0;
                    }
                    return mine;
                }, pool));
            }
            List<ClaimedJob> all = new ArrayList<>();
            for (CompletableFuture<List<ClaimedJob>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private void settle(String provider, int calls, Instant at) {
        settle(provider, calls, at, 0);
    }

    private void settle(String provider, int calls, Instant at, long bytes) {
        sql.update("""
                insert into api_usage (provider, bucket_start, calls, bytes) values (?, date_trunc('minute', ?::timestamptz), ?, ?)
                on conflict (provider, bucket_start, writer) do update set calls = api_usage.calls + excluded.calls, bytes = api_usage.bytes + excluded.bytes""",
                provider, at.toString(), calls, bytes);
    }
}
