package dev.freshet.admin.registry;

import dev.freshet.admin.TestData;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.freshet.testsupport.rows.JobRow.job;
import static dev.freshet.admin.AdminApi.asAdmin;
import static dev.freshet.admin.AdminApi.asViewer;
import static dev.freshet.admin.TestData.dataType;
import static dev.freshet.admin.TestData.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RegistryApiTest {

    private final TestSql sql = TestSql.current();

    @Test
    void listsTheSeededDataTypesWithEffectiveThresholds() {
        asViewer().get("/api/v1/registry").then().statusCode(200)
                .body("dataType", hasItems("quote", "profile", "available-exchanges", "bars-1d"))
                .body("find { it.dataType == 'quote' }.tier", equalTo("critical"))
                .body("find { it.dataType == 'quote' }.effectiveWarnAfterSeconds", equalTo(60))
                .body("find { it.dataType == 'quote' }.effectiveErrorAfterSeconds", equalTo(900))
                .body("find { it.dataType == 'available-exchanges' }.symbolColumn", nullValue());
    }

    @Test
    void getsOneDataTypeAnd404sAnUnknownOne() {
        asViewer().get("/api/v1/registry/profile").then().statusCode(200)
                .body("tableName", equalTo("profiles")).body("handlerConfig.columns.company_name.type", equalTo("text"));
        asViewer().get("/api/v1/registry/no-such-type").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void creatingAValidDataTypeWritesItAndItsAuditRow() {
        asAdmin().body(dataType("profile-created")).post("/api/v1/registry").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/registry/profile-created"))
                .body("version", equalTo(1)).body("updatedBy", equalTo("admin"));

        assertThat(sql.value("select created_by from data_type_registry where data_type = 'profile-created'")).isEqualTo("admin");
        List<Map<String, Object>> audit = sql.rows("""
                select actor, action, before is null as no_before, after ->> 'table_name' as table_name
                from audit_log where entity_type = 'registry' and entity_id = 'profile-created'""");
        assertThat(audit).containsExactly(Map.of("actor", "admin", "action", "create", "no_before", true, "table_name", "profiles"));
    }

    @Test
    void creatingAnExistingDataTypeIsAConflict() {
        asAdmin().body(dataType("profile")).post("/api/v1/registry").then().statusCode(409)
                .contentType("application/problem+json");
        assertThat(sql.value("select display_name from data_type_registry where data_type = 'profile'")).isEqualTo("Company profile");
    }

    @Test
    void anUpdateWithTheCurrentVersionBumpsItAndAuditsBeforeAndAfter() {
        asAdmin().body(dataType("profile-updated")).post("/api/v1/registry").then().statusCode(201);
        Map<String, Object> change = with(with(dataType("profile-updated"), "ttlSeconds", 7200), "version", 1);

        asAdmin().body(change).put("/api/v1/registry/profile-updated").then().statusCode(200)
                .body("version", equalTo(2)).body("ttlSeconds", equalTo(7200));

        assertThat(sql.rows("""
                select (before ->> 'ttl_seconds')::int as before_ttl, (after ->> 'ttl_seconds')::int as after_ttl, actor
                from audit_log where entity_type = 'registry' and entity_id = 'profile-updated' and action = 'update'"""))
                .containsExactly(Map.of("before_ttl", 3600, "after_ttl", 7200, "actor", "admin"));
    }

    @Test
    void anUpdateWithAStaleVersionIsAConflictAndChangesNothing() {
        asAdmin().body(dataType("profile-stale")).post("/api/v1/registry").then().statusCode(201);
        asAdmin().body(with(with(dataType("profile-stale"), "priority", 9), "version", 1))
                .put("/api/v1/registry/profile-stale").then().statusCode(200);

        // a second operator still holds version 1
        asAdmin().body(with(with(dataType("profile-stale"), "ttlSeconds", 5), "version", 1))
                .put("/api/v1/registry/profile-stale").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("current version is 2"));

        assertThat(sql.rows("select ttl_seconds, priority, version from data_type_registry where data_type = 'profile-stale'"))
                .containsExactly(Map.of("ttl_seconds", 3600, "priority", 9, "version", 2));
        assertThat(sql.count("select count(*) from audit_log where entity_id = 'profile-stale' and action = 'update'")).isEqualTo(1);
    }

    @Test
    void anUpdateWithoutVersionOrOfAnUnknownTypeIsRefused() {
        asAdmin().body(dataType("profile")).put("/api/v1/registry/profile").then().statusCode(400);
        asAdmin().body(with(dataType("nope-type"), "version", 1)).put("/api/v1/registry/nope-type").then().statusCode(404);
        asAdmin().body(with(dataType("other-name"), "version", 1)).put("/api/v1/registry/profile").then().statusCode(400);
    }

    static Stream<Arguments> invalidDataTypes() {
        Map<String, Object> ok = dataType("profile-bad");
        String longName = "p".repeat(64);
        return Stream.of(
                Arguments.of("table name with a statement", with(ok, "tableName", "profiles; drop table quotes")),
                Arguments.of("table name with a quote", with(ok, "tableName", "profiles\"")),
                Arguments.of("table name with a Cyrillic look-alike", with(ok, "tableName", "\u0440rofiles")),
                Arguments.of("table name of 64 characters", with(ok, "tableName", longName)),
                Arguments.of("table that does not exist", with(ok, "tableName", "no_such_table")),
                Arguments.of("timestamp column with a comment", with(ok, "timestampColumn", "refreshed_at--")),
                Arguments.of("timestamp column of the wrong type", with(ok, "timestampColumn", "company_name")),
                Arguments.of("symbol column of the wrong type", with(ok, "symbolColumn", "market_cap")),
                Arguments.of("key column that does not exist", with(ok, "keyColumns", List.of("symbol", "nope"))),
                Arguments.of("key columns without a unique index", with(ok, "keyColumns", List.of("symbol", "company_name"))),
                Arguments.of("key column with a quote", with(ok, "keyColumns", List.of("symbol'; delete from profiles; --"))),
                Arguments.of("handler config column with a statement", with(ok, "handlerConfig", Map.of(
                        "path", "/x?symbol={symbol}", "records", "",
                        "columns", Map.of("price\"; drop table quotes; --", Map.of("field", "/price", "type", "numeric"))))),
                Arguments.of("handler config column not in the table", with(ok, "handlerConfig", Map.of(
                        "path", "/x?symbol={symbol}", "records", "",
                        "columns", Map.of("not_a_column", Map.of("field", "/price", "type", "numeric"))))),
                Arguments.of("handler config with an unknown field", with(ok, "handlerConfig", Map.of(
                        "path", "/x?symbol={symbol}", "records", "", "sql", "drop table quotes",
                        "columns", Map.of("price", Map.of("field", "/price", "type", "numeric"))))),
                Arguments.of("unknown handler", with(ok, "handler", "shell-exec")),
                Arguments.of("TTL of zero", with(ok, "ttlSeconds", 0)),
                Arguments.of("scheduled without interval", with(ok, "refreshMode", "scheduled")),
                Arguments.of("unknown refresh mode", with(ok, "refreshMode", "sometimes")),
                Arguments.of("slug with capitals", with(ok, "dataType", "Profile-Bad")),
                Arguments.of("slug with an injection", with(ok, "dataType", "x'); drop table quotes; --")),
                Arguments.of("warn after error", with(with(ok, "warnAfterSeconds", 100), "errorAfterSeconds", 50)),
                Arguments.of("provider without quota", with(ok, "provider", "nobody")),
                Arguments.of("global with a symbol column", with(ok, "scope", "global")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDataTypes")
    void anInvalidDataTypeIsA400AndNothingIsWritten(String why, Map<String, Object> body) {
        long registry = sql.count("select count(*) from data_type_registry");
        long audit = sql.count("select count(*) from audit_log");

        Response r = asAdmin().body(body).post("/api/v1/registry");

        r.then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        assertThat(r.jsonPath().getList("errors")).as(why).isNotEmpty();
        assertThat(sql.count("select count(*) from data_type_registry")).isEqualTo(registry);
        assertThat(sql.count("select count(*) from audit_log")).isEqualTo(audit);
        assertThat(sql.count("select count(*) from pg_class where relname = 'quotes'")).isEqualTo(1);
    }

    @Test
    void keyColumnsWithoutAUniqueIndexAreRefusedWithTheReasonOnCreateAndUpdate() {
        Map<String, Object> bars = with(with(with(with(with(dataType("bars-keyed"), "rolloutState", "off"), "tableName", "data_bars"),
                "keyColumns", List.of("symbol", "ts_utc")), "handler", "aggregate-bars"),
                "handlerConfig", Map.of("timeframe", "5m", "source", "1m"));
        asAdmin().body(bars).post("/api/v1/registry").then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem(org.hamcrest.Matchers.startsWith(
                        "keyColumns (symbol, ts_utc) are not the columns of a unique index or primary key of table 'data_bars'")));
        asAdmin().body(with(bars, "keyColumns", List.of("symbol", "timeframe", "ts_utc"))).post("/api/v1/registry")
                .then().statusCode(201);

        asAdmin().body(with(with(bars, "keyColumns", List.of("timeframe", "ts_utc")), "version", 1)).put("/api/v1/registry/bars-keyed")
                .then().statusCode(400).body("errors", hasItem(org.hamcrest.Matchers.containsString("its unique keys are (symbol, timeframe, ts_utc)")));
        assertThat(sql.value("select key_columns::text from data_type_registry where data_type = 'bars-keyed'")).isEqualTo("{symbol,timeframe,ts_utc}");
    }

    @Test
    void aDataTypeOnTheLocalUsersTableIsRefusedSoThePublicTrackerCannotServePasswordHashes() {
        Map<String, Object> body = with(with(with(with(dataType("leak-users"), "tableName", "admin_local_users"),
                "symbolColumn", "username"), "keyColumns", List.of("username")), "timestampColumn", "created_at");
        body = with(body, "handlerConfig", Map.of("path", "/x?symbol={symbol}", "records", "",
                "columns", Map.of("password_hash", Map.of("field", "/h", "type", "text"))));

        Response r = asAdmin().body(body).post("/api/v1/registry");

        r.then().statusCode(400).contentType("application/problem+json");
        assertThat(r.jsonPath().getList("errors", String.class))
                .contains("table 'admin_local_users' belongs to Freshet; a data type may only target the operator's own tables");
        assertThat(sql.count("select count(*) from data_type_registry where data_type = 'leak-users'")).isZero();
    }

    @Test
    void aMalformedBodyIsA400NotA500() {
        asAdmin().body("{\"dataType\": ").post("/api/v1/registry").then().statusCode(400)
                .contentType("application/problem+json");
        asAdmin().body("{\"ttlSeconds\": \"soon\"}").post("/api/v1/registry").then().statusCode(400);
        asAdmin().body(with(dataType("profile-typo"), "ttlSecond", 60)).post("/api/v1/registry").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("ttlSecond"));
        asAdmin().delete("/api/v1/registry/profile?version=abc").then().statusCode(400);
        assertThat(sql.count("select count(*) from data_type_registry where data_type in ('profile-typo', 'profile')")).isEqualTo(1);
    }

    @Test
    void deletingADataTypeWithQueuedJobsNeedsForceAndThenCancelsThem() {
        asAdmin().body(dataType("profile-doomed")).post("/api/v1/registry").then().statusCode(201);
        long job = job("profile-doomed", "AAPL").priority(10).insert(sql);

        asAdmin().delete("/api/v1/registry/profile-doomed").then().statusCode(409).contentType("application/problem+json");
        assertThat(sql.count("select count(*) from data_type_registry where data_type = 'profile-doomed'")).isEqualTo(1);

        asAdmin().delete("/api/v1/registry/profile-doomed?force=true").then().statusCode(200)
                .body("cancelledJobs", equalTo(1));

        assertThat(sql.count("select count(*) from data_type_registry where data_type = 'profile-doomed'")).isZero();
        assertThat(sql.value("select status from refresh_job_history where job_id = ?", job)).isEqualTo("cancelled");
        assertThat(sql.rows("select action, actor, before ->> 'data_type' as dt from audit_log where entity_id = 'profile-doomed' and action = 'delete'"))
                .containsExactly(Map.of("action", "delete", "actor", "admin", "dt", "profile-doomed"));
    }

    @Test
    void deletingWithAStaleVersionIsAConflict() {
        asAdmin().body(dataType("profile-versioned-delete")).post("/api/v1/registry").then().statusCode(201);
        asAdmin().delete("/api/v1/registry/profile-versioned-delete?version=7").then().statusCode(409);
        asAdmin().delete("/api/v1/registry/profile-versioned-delete?version=1").then().statusCode(200);
        asAdmin().delete("/api/v1/registry/profile-versioned-delete").then().statusCode(404);
    }

    @Test
    void theDataTypeResponseHasAStableShapeForNativeClients() {
        Map<String, Object> body = asViewer().get("/api/v1/registry/quote").then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertThat(body.keySet()).containsExactly("dataType", "displayName", "provider", "handler", "handlerConfig",
                "tableName", "timestampColumn", "symbolColumn", "keyColumns", "scope", "ttlSeconds", "refreshMode",
                "scheduleIntervalSeconds", "priority", "tier", "warnAfterSeconds", "errorAfterSeconds",
                "effectiveWarnAfterSeconds", "effectiveErrorAfterSeconds", "estimatedBytes", "sourceTimestampColumn",
                "maxAttempts", "rolloutState", "version", "updatedAt", "updatedBy");
        assertThat(body.get("updatedAt")).asString().matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(body.get("keyColumns")).isEqualTo(List.of("symbol"));
    }

    @Test
    void readsAreAvailableToViewersAndListsIncludeDataTypesCreatedByAdmins() {
        asAdmin().body(dataType("profile-listed")).post("/api/v1/registry").then().statusCode(201);
        asViewer().get("/api/v1/registry").then().statusCode(200).body("dataType", hasItem("profile-listed"));
    }
}
