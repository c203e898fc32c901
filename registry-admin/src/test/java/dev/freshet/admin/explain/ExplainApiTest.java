package dev.freshet.admin.explain;

import dev.freshet.admin.TestData;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.UsageRow.usageThisMinute;
import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static dev.freshet.admin.AdminApi.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ExplainApiTest {

    private final TestSql sql = TestSql.current();

    @Test
    void aFreshViewedPairIsExplainedByItsAgeAndViewers() {
        sql.update("insert into profiles (symbol, company_name, refreshed_at) values ('XFRESH', 'Fresh Inc', now() - interval '10 seconds')");
        sql.update("insert into active_subscriptions (client_id, symbol, data_type) values ('c1', 'XFRESH', 'profile'), ('c2', 'XFRESH', 'profile')");

        asViewer().get("/api/v1/admin/explain/profile/XFRESH").then().statusCode(200)
                .body("state", equalTo("fresh"))
                .body("freshness.ttlSeconds", equalTo(86400))
                .body("viewers.count", equalTo(2))
                .body("job", nullValue())
                .body("blockers", empty())
                .body("summary", containsString("fresh"));
    }

    @Test
    void aQueuedJobHeldByBackoffCircuitQuotaAndFlagSaysSo() {
        TestData.awayFromMinuteBoundary();
        quota("explain-prov").callsPerMinute(10).safetyMarginPct(0).insert(sql);
        usageThisMinute("explain-prov").calls(10).insert(sql);
        sql.update("""
                insert into provider_circuit_state (provider, instance_id, state, changed_at, open_until, last_error)
                values ('explain-prov', 'processor-2', 'open', now(), now() + interval '30 seconds', 'HTTP 503')""");
        TestData.copyDataType(sql, "profile", "explain-profile", "explain-prov");
        sql.update("update feature_flags set metadata = '{\"dataTypes\": {\"explain-profile\": false}}' where flag_name = 'use_queue_system'");
        try {
            sql.update("insert into profiles (symbol, refreshed_at) values ('XHELD', now() - interval '3 days')");
            long job = job("explain-profile", "XHELD").provider("explain-prov").priority(10).attempts(2).lastError("HTTP 503 from upstream").runAfterSql("now() + interval '2 minutes'").insert(sql);

            var body = asViewer().get("/api/v1/admin/explain/explain-profile/XHELD").then().statusCode(200).extract().jsonPath();
            assertThat(body.getString("state")).isEqualTo("stale");
            assertThat(body.getLong("job.jobId")).isEqualTo(job);
            assertThat(body.getInt("job.attempts")).isEqualTo(2);
            List<String> kinds = body.getList("blockers.kind");
            assertThat(kinds).contains("flag_off", "quota_calls_per_minute", "circuit_open", "backoff");
            assertThat(body.getString("blockers.find { it.kind == 'backoff' }.until")).isNotNull();
            assertThat(body.getString("blockers.find { it.kind == 'quota_calls_per_minute' }.until")).endsWith(":00Z");
            assertThat(body.getString("summary")).contains("queued").contains("held");
        } finally {
            sql.update("update feature_flags set metadata = '{}' where flag_name = 'use_queue_system'");
        }
    }

    @Test
    void aSymbolTheProviderDoesNotKnowSaysWhyAndUntilWhen() {
        sql.update("""
                insert into symbol_not_found (data_type, symbol, provider, streak, not_found_until)
                values ('profile', 'XGONE', 'fmp', 2, now() + interval '30 minutes')""");
        try {
            var notFound = asViewer().get("/api/v1/admin/explain/profile/XGONE").then().statusCode(200).extract().jsonPath();
            assertThat(notFound.getString("blockers[0].kind")).isEqualTo("not_found");
            assertThat(notFound.getString("blockers[0].until")).isNotNull();
            assertThat(notFound.getString("blockers[0].detail")).contains("answered not found for XGONE (2 time(s) in a row)");
            assertThat(notFound.getString("summary")).contains("no refresh is queued").contains("not found");

            sql.update("insert into symbol_universe (provider, symbol, refreshed_at) values ('fmp', 'XLISTED', now())");
            sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'fmp-stock-list'");
            asViewer().get("/api/v1/admin/explain/profile/XOUTSIDE").then().statusCode(200)
                    .body("blockers[0].kind", equalTo("outside_universe"))
                    .body("blockers[0].detail", containsString("not in provider fmp's symbol universe (fmp-stock-list"));
            asViewer().get("/api/v1/admin/explain/profile/XLISTED").then().statusCode(200)
                    .body("blockers.kind", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("outside_universe")));
        } finally {
            sql.update("truncate symbol_universe, symbol_not_found");
            sql.update("update data_type_registry set rollout_state = 'off' where data_type = 'fmp-stock-list'");
        }
    }

    @Test
    void derivedBarsNameTheLinkOfTheirSourceChainThatHoldsThem() {
        asViewer().get("/api/v1/admin/explain/bars-1h/XCHAIN1").then().statusCode(200)
                .body("state", equalTo("missing"))
                .body("blockers[0].kind", equalTo("source_chain"))
                .body("blockers[0].detail", containsString("held at its source bars-1m of XCHAIN1, which is missing"))
                .body("summary", containsString("bars-1m"));

        sql.update("""
                insert into data_bars (symbol, timeframe, ts_utc, open, high, low, close, volume, refreshed_at)
                values ('XCHAIN2', '1m', date_trunc('minute', now()) - interval '2 minutes', 1, 1, 1, 1, 1, now())""");
        asViewer().get("/api/v1/admin/explain/bars-1h/XCHAIN2").then().statusCode(200)
                .body("blockers[0].detail", containsString("held at bars-5m: no aggregation task for XCHAIN2"));

        sql.update("""
                insert into data_agg_state (symbol, timeframe, agg_start_utc, next_run_at_utc, status, last_error)
                values ('XCHAIN2', '5m', now(), now(), 'idle', null), ('XCHAIN2', '15m', now(), now(), 'hard_failed', 'boom'),
                       ('XCHAIN2', '1h', now(), now(), 'idle', null)""");
        asViewer().get("/api/v1/admin/explain/bars-1h/XCHAIN2").then().statusCode(200)
                .body("blockers[0].detail", containsString("held at bars-15m: its aggregation task is hard_failed (boom)"))
                .body("summary", containsString("held at bars-15m"));
        asViewer().get("/api/v1/admin/explain/bars-5m/XCHAIN2").then().statusCode(200)
                .body("blockers.kind", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("source_chain")));
    }

    @Test
    void aViewedPairQueuedAheadOfItsDeadlineAndWaitingForBudgetSaysWhy() {
        TestData.awayFromMinuteBoundary();
        quota("ahead-prov").callsPerMinute(10).safetyMarginPct(0).insert(sql);
        usageThisMinute("ahead-prov").calls(10).insert(sql);
        TestData.copyDataType(sql, "profile", "ahead-profile", "ahead-prov");
        sql.update("insert into profiles (symbol, refreshed_at) values ('XAHEAD', now() - interval '20 hours')");
        sql.update("insert into active_subscriptions (client_id, symbol, data_type) values ('c1', 'XAHEAD', 'ahead-profile')");
        job("ahead-profile", "XAHEAD").provider("ahead-prov").origin("viewer").viewers(1)
                .enqueuedAtSql("now() - interval '10 minutes'").deadlineAtSql("now() + interval '4 hours'").insert(sql);

        var body = asViewer().get("/api/v1/admin/explain/ahead-profile/XAHEAD").then().statusCode(200).extract().jsonPath();

        assertThat(body.getString("state")).isEqualTo("fresh");
        assertThat(body.getString("job.deadlineAt")).isNotNull();
        assertThat(body.getString("summary"))
                .containsPattern("refresh-ahead is queued \\(at age 71[34][0-9]{2} s of TTL 86400 s; stale in 14[0-9]{3} s")
                .contains("spent on higher-value work")
                .containsPattern("next usable call in [0-9]+ s");
    }

    @Test
    void aQueuedLowTierPairSaysTheTiersAboveItGoFirst() {
        quota("low-prov").callsPerMinute(10).safetyMarginPct(0).insert(sql);
        TestData.copyDataType(sql, "dividend-history", "low-dividends", "low-prov");
        sql.update("insert into active_subscriptions (client_id, symbol, data_type) values ('c1', 'XLOW', 'low-dividends')");
        job("low-dividends", "XLOW").provider("low-prov").origin("viewer").viewers(1).insert(sql);
        TestData.copyDataType(sql, "profile", "std-profile", "low-prov");
        job("std-profile", "XSTD").provider("low-prov").origin("viewer").viewers(1).insert(sql);

        assertThat(asViewer().get("/api/v1/admin/explain/low-dividends/XLOW").then().statusCode(200).extract().jsonPath().getString("summary"))
                .contains("due now, it waits for a budgeted call")
                .contains("the low tier leaves a share of each minute's calls to the tiers above it");
        assertThat(asViewer().get("/api/v1/admin/explain/std-profile/XSTD").then().statusCode(200).extract().jsonPath().getString("summary"))
                .contains("due now, it waits for a budgeted call")
                .contains("the standard tier leaves the critical tier the calls its viewed pairs made the minute before")
                .doesNotContain("low tier");
    }

    @Test
    void aBatchTypesPairQueuedAheadSaysItsCallGathersMorePairsUntilShortlyBeforeItsDeadline() {
        quota("gather-prov").callsPerMinute(100).insert(sql);
        TestData.copyDataType(sql, "quote", "gather-quote", "gather-prov");
        sql.update("insert into active_subscriptions (client_id, symbol, data_type) values ('c1', 'XGATHER', 'gather-quote')");
        job("gather-quote", "XGATHER").provider("gather-prov").origin("viewer").viewers(1)
                .deadlineAtSql("now() + interval '10 seconds'").insert(sql);
        job("gather-quote", "XGATHERSTALE").provider("gather-prov").origin("viewer").viewers(1).insert(sql);

        assertThat(asViewer().get("/api/v1/admin/explain/gather-quote/XGATHER").then().statusCode(200).extract().jsonPath().getString("summary"))
                .contains("its call (up to 100 symbols) waits until shortly before the deadline");
        assertThat(asViewer().get("/api/v1/admin/explain/gather-quote/XGATHERSTALE").then().statusCode(200).extract().jsonPath().getString("summary"))
                .as("a pair due now does not gather").contains("due now, it waits for a budgeted call").doesNotContain("join");
    }

    @Test
    void aPairOfAPausedProviderNamesThePauseAsWhatHoldsIt() {
        quota("explain-paused").callsPerMinute(10).insert(sql);
        TestData.copyDataType(sql, "profile", "explain-paused-profile", "explain-paused");
        sql.update("insert into provider_pauses (provider, paused_by, reason) values ('explain-paused', 'ops', 'upstream maintenance') on conflict do nothing");
        job("explain-paused-profile", "XPAUSE").provider("explain-paused").priority(10).insert(sql);

        var body = asViewer().get("/api/v1/admin/explain/explain-paused-profile/XPAUSE").then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("blockers.kind")).contains("provider_paused");
        assertThat(body.getString("blockers.find { it.kind == 'provider_paused' }.detail")).contains("ops").contains("upstream maintenance");
    }

    @Test
    void aMissingUnviewedOnDemandPairWaitsForAViewer() {
        asViewer().get("/api/v1/admin/explain/ratios-ttm/NOPE1").then().statusCode(200)
                .body("state", equalTo("missing"))
                .body("freshness.updatedAt", nullValue())
                .body("summary", containsString("refreshed when next viewed"));
    }

    @Test
    void aGlobalDataTypeIsExplainedUnderTheGlobalSymbol() {
        asViewer().get("/api/v1/admin/explain/available-exchanges/*").then().statusCode(200)
                .body("symbol", equalTo("*"));
    }

    @Test
    void unknownDataTypesAndBadSymbolsAreRefused() {
        asViewer().get("/api/v1/admin/explain/no-such-type/AAPL").then().statusCode(404).contentType("application/problem+json");
        asViewer().get("/api/v1/admin/explain/profile/AA PL';--").then().statusCode(400).contentType("application/problem+json");
        asViewer().get("/api/v1/admin/explain/available-exchanges/AAPL").then().statusCode(400);
    }

    @Test
    void theExplanationHasAStableShape() {
        Map<String, Object> body = asViewer().get("/api/v1/admin/explain/profile/SHAPE").then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertThat(body.keySet()).containsExactly("dataType", "symbol", "asOf", "state", "summary", "freshness", "viewers",
                "job", "lastFinished", "blockers");
    }
}
