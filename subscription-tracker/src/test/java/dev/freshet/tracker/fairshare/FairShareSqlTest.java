package dev.freshet.tracker.fairshare;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import dev.freshet.tracker.guard.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fair share's statements on the real database, and two tracker instances (two {@link FairShare}
 * objects, as two replicas would hold, over the one database) sharing the counts.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FairShareSqlTest {

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private final TestSql sql = TestSql.current();

    @BeforeEach
    void clean() {
        sql.update("truncate on_demand_calls");
    }

    private Row charge(String caller, String poolScope, int wanted, int perCaller, double share) {
        String[] scopes = poolScope == null ? new String[]{caller} : Arrays.stream(new String[]{caller, poolScope}).sorted().toArray(String[]::new);
        Tuple charge = Tuple.tuple(new ArrayList<>(Arrays.asList(caller, poolScope, wanted, "fmp", perCaller, share)));
        return pool.withTransaction(conn -> conn.preparedQuery(FairShareSql.LOCK_SCOPES).execute(Tuple.of(scopes))
                        .flatMap(x -> conn.preparedQuery(FairShareSql.CHARGE).execute(charge)))
                .map(rows -> rows.iterator().next()).await().atMost(Duration.ofSeconds(10));
    }

    private long counted(String scope) {
        return sql.count("select coalesce(sum(calls), 0) from on_demand_calls where scope = ?", scope);
    }

    @Test
    void chargeGrantsUpToTheCallersLimitAndCountsIt() {
        Row first = charge("sub:alice", null, 4, 10, 0.5);
        assertThat(first.getInteger("granted")).isEqualTo(4);
        assertThat(first.getInteger("caller_left")).isEqualTo(6);
        assertThat(first.getInteger("pool_left")).as("an authenticated caller draws on no pool").isNull();
        assertThat(first.getDouble("seconds_left")).isBetween(0.0, 60.0);

        Row second = charge("sub:alice", null, 9, 10, 0.5);
        assertThat(second.getInteger("granted")).as("what is left of the limit").isEqualTo(6);
        assertThat(second.getInteger("caller_left")).isZero();
        assertThat(charge("sub:alice", null, 1, 10, 0.5).getInteger("granted")).isZero();
        assertThat(counted("sub:alice")).isEqualTo(10);
        assertThat(sql.count("select count(*) from on_demand_calls where scope = 'anonymous:fmp'")).isZero();
    }

    @Test
    void unauthenticatedCallersTogetherGetTheirShareOfTheOnDemandBudget() {
        sql.update("update provider_quotas set calls_per_minute = 200, safety_margin_pct = 10, on_demand_reserve_pct = 20 where provider = 'fmp'");
        // 200 * 0.9 * 0.2 * 0.5 = 18 calls a minute for all unauthenticated callers of fmp
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            granted += charge("ip:192.0.2." + i, "anonymous:fmp", 5, 60, 0.5).getInteger("granted");
        }
        assertThat(granted).isEqualTo(18);
        assertThat(counted("anonymous:fmp")).isEqualTo(18);
        Row last = charge("ip:192.0.2.99", "anonymous:fmp", 1, 60, 0.5);
        assertThat(last.getInteger("granted")).isZero();
        assertThat(last.getInteger("pool_left")).isZero();
        assertThat(charge("sub:bob", null, 3, 60, 0.5).getInteger("granted")).as("authenticated callers are not in the pool").isEqualTo(3);
    }

    @Test
    void aProviderWithoutAMinuteLimitHasNoPoolLimit() {
        sql.update("update provider_quotas set calls_per_minute = null where provider = 'fmp'");
        try {
            assertThat(charge("ip:192.0.2.1", "anonymous:fmp", 50, 60, 0.5).getInteger("granted")).isEqualTo(50);
        } finally {
            sql.update("update provider_quotas set calls_per_minute = 300 where provider = 'fmp'");
        }
    }

    @Test
    void twoInstancesShareTheCountsOfOneCallerRotatingClientIds() {
        FairShare a = new FairShare(pool, vertx, 7, 1.0, 1000, new SimpleMeterRegistry());
        FairShare b = new FairShare(pool, vertx, 7, 1.0, 1000, new SimpleMeterRegistry());
        List<Uni<Integer>> grants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Caller rotating = new Caller("web-" + i, null, "198.51.100.9");
            grants.add((i % 2 == 0 ? a : b).grant(rotating, "fmp", 2));
        }
        // all at once: the row lock makes concurrent grants through both instances queue
        List<Integer> answers = Uni.join().all(grants).andCollectFailures().await().atMost(Duration.ofSeconds(30));
        assertThat(answers.stream().mapToInt(Integer::intValue).sum()).isEqualTo((int) counted("ip:198.51.100.9"));
        assertThat(sql.count("select max(calls) from on_demand_calls where scope = 'ip:198.51.100.9'"))
                .as("at most the limit in any minute, through both instances together").isLessThanOrEqualTo(7);
        assertThat(counted("ip:198.51.100.9")).as("the limit was reached").isGreaterThanOrEqualTo(7);
        // and neither instance lets the caller cause more under yet another client id
        assertThat(a.grant(new Caller("web-new", null, "198.51.100.9"), "fmp", 1).await().atMost(Duration.ofSeconds(10))).isZero();
        assertThat(b.grant(new Caller("web-new2", null, "198.51.100.9"), "fmp", 1).await().atMost(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void purgeForgetsMinutesOlderThanAnHour() {
        sql.update("insert into on_demand_calls (scope, minute, calls) values ('ip:x', date_trunc('minute', now()) - interval '2 hours', 3),"
                + " ('ip:x', date_trunc('minute', now()), 1)");
        pool.query(FairShareSql.PURGE).execute().await().atMost(Duration.ofSeconds(10));
        assertThat(sql.count("select count(*) from on_demand_calls where scope = 'ip:x'")).isEqualTo(1);
    }
}
