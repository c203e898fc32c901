package dev.freshet.processor;

import dev.freshet.processor.claim.ClaimPolicy;
import dev.freshet.processor.claim.ClaimSql;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.freshet.testsupport.rows.UsageRow.usage;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim is prepared once per connection and runs on the plan the database makes once for all its values
 * ({@code LOCK_BUDGETS}, earlier in the claim's transaction, asks for it). That plan must walk the pending-jobs
 * indexes and stop after the candidates, as a plan made for the values does, on a queue deep enough that reading
 * and sorting all of it would cost (38.6 ms a claim at 50,000 pending, against a few ms).
 * The deep queue belongs to a paused provider, so the running processor leaves it alone; and so must the claim: a
 * provider it may not take jobs of (paused, its budget spent) is not walked at all, where filtering its jobs out of
 * one walk of the whole queue read all 50,000 on every claim.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class ClaimPlanTest extends ProcessorTestBase {

    @Inject
    JobClaimer claimer;

    @Test
    void theOnePlanOfTheClaimWalksThePendingIndexesOnADeepQueue() throws Exception {
        Fixtures.quoteType(registry, "plan-deep", "plandeep", 5, "paused", null);
        Fixtures.awaitType(registry, "plan-deep");
        quota("plandeep").insert(Fixtures.sql());
        // the provider paused: the running processor leaves the deep queue alone, and the planner cannot tell
        sql.update("insert into provider_pauses (provider, paused_by, reason) values ('plandeep', 'test', 'a deep queue to plan for')");
        try {
            deepQueue("plan-deep", "plandeep", "viewer");
            Claimed claimed = claim(claimer.policy());

            assertThat(claimed.plan()).as("the plan made once for all values").contains("$1");
            assertThat(claimed.plan()).contains("refresh_jobs_provider_claim_idx").contains("refresh_jobs_provider_age_idx")
                    .contains("refresh_jobs_provider_deadline_idx").doesNotContain("Seq Scan on refresh_jobs");
            assertThat(rowsRemoved(claimed.run())).as("rows the claim read and filtered out\n" + claimed.run()).isLessThan(1_000);
            assertThat(claimed.jobs("plandeep")).as("a paused provider's jobs").isZero();
        } finally {
            sql.update("delete from refresh_jobs where provider = 'plandeep'");
            sql.update("delete from provider_pauses where provider = 'plandeep'");
        }
    }

    @Test
    void aSpentScheduledShareLeavesTheScheduledBacklogUnreadAndTheViewersJobsClaimable() throws Exception {
        Fixtures.quoteType(registry, "plan-share", "planshare", 5, "paused", null);
        Fixtures.awaitType(registry, "plan-share");
        // usable 90 calls a minute, 72 of them for scheduled work: 80 used leaves on-demand work 10 and scheduled none
        quota("planshare").callsPerMinute(100).safetyMarginPct(10).onDemandReservePct(20).insert(Fixtures.sql());
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1);
        usage("planshare", at.toInstant().truncatedTo(ChronoUnit.MINUTES)).calls(80).insert(sql);
        try {
            deepQueue("plan-share", "planshare", "scheduled");
            sql.update("""
                    insert into refresh_jobs (data_type, symbol, provider, priority, origin, viewer_count)
                    select 'plan-share', 'V' || g, 'planshare', 1, 'viewer', 1 from generate_series(1, 5) g""");
            // unpaced, so the share spent does not depend on the second of the minute the test runs in
            Claimed claimed = claim(claimer.policy().withPacing(1.0), at);

            assertThat(rowsRemoved(claimed.run())).as("rows the claim read and filtered out\n" + claimed.run()).isLessThan(1_000);
            assertThat(claimed.jobs("planshare")).as("the viewers' jobs, on-demand work within the budget").isEqualTo(5);
        } finally {
            sql.update("delete from refresh_jobs where provider = 'planshare'");
            sql.update("delete from api_usage where provider = 'planshare'");
        }
    }

    /** 50,000 due jobs of one data type and origin. */
    private void deepQueue(String dataType, String provider, String origin) {
        sql.update("""
                insert into refresh_jobs (data_type, symbol, provider, priority, origin, viewer_count, deadline_at)
                select ?, 'P' || g, ?, g % 7, ?, case when ? = 'viewer' then 1 + g % 3 else 0 end, now() + make_interval(secs => g % 600)
                  from generate_series(1, 50000) g""", dataType, provider, origin, origin);
        sql.update("analyze refresh_jobs");
    }

    private Claimed claim(ClaimPolicy policy) throws Exception {
        // claimed a minute on: every job of the deep queue is due
        return claim(policy, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1));
    }

    /**
     * As the processor claims (the budgets held first, then the claim, in one transaction, on prepared statements): the
     * claim's plan, the claim run with {@code EXPLAIN ANALYZE}, and the jobs it claimed per provider; all rolled back.
     */
    private Claimed claim(ClaimPolicy policy, OffsetDateTime at) throws Exception {
        Object[] params = policy.claimParams(at, 100, "plan-test", Duration.ofSeconds(60), List.of(), List.of());
        String args = Stream.of(params).map(ClaimPlanTest::literal).collect(Collectors.joining(", "));
        try (Connection c = sql.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("prepare freshet_lock as " + ClaimSql.LOCK_BUDGETS);
            st.execute("prepare freshet_claim as " + ClaimSql.claimDueJobs(ClaimSql.candidatesFor(100)));
            explain(st, "execute freshet_lock(0, '{}', '{}')");
            String plan = explain(st, "explain execute freshet_claim(" + args + ")");
            String run = explain(st, "explain (analyze, costs off) execute freshet_claim(" + args + ")");
            Map<String, Integer> claimed = new HashMap<>();
            try (ResultSet rs = st.executeQuery("select provider, count(*) from refresh_jobs where claimed_by = 'plan-test' group by 1")) {
                while (rs.next()) {
                    claimed.put(rs.getString(1), rs.getInt(2));
                }
            }
            c.rollback();
            return new Claimed(plan, run, claimed);
        }
    }

    private record Claimed(String plan, String run, Map<String, Integer> byProvider) {
        int jobs(String provider) {
            return byProvider.getOrDefault(provider, 0);
        }
    }

    private static String explain(Statement st, String statement) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery(statement)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /** The rows each node of an analysed plan read and dropped, summed. */
    private static long rowsRemoved(String plan) {
        return Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    private static String literal(Object p) {
        if (p instanceof Object[] a) {
            return a.length == 0 ? "'{}'" : "array[" + Stream.of(a).map(ClaimPlanTest::literal).collect(Collectors.joining(",")) + "]";
        }
        return "'" + p.toString().replace("'", "''") + "'";
    }
}
