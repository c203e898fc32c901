package dev.freshet.admin.registry;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static dev.freshet.testsupport.rows.JobRow.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The registry change statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RegistryAdminSqlTest extends StatementTest {


    @BeforeEach
    @AfterEach
    void clean() {
        sql.forgetDataTypes("rasql-%");
    }

    /** The 21 writable columns of a quote-shaped live data type with the given TTL. */
    private static List<Object> writable(String name, int ttl) {
        return new ArrayList<>(Arrays.asList(name, "Test " + name, "fmp", "http-json", new JsonObject().put("path", "/q/{symbol}"),
                "quotes", "refreshed_at", "symbol", new String[]{"symbol"}, "symbol", ttl, "on_demand", null, 5,
                "standard", null, null, 100L, null, 3, "live"));
    }

    private List<Row> insert(String name, int ttl, String actor) {
        List<Object> p = writable(name, ttl);
        p.add(actor);
        return execute(RegistryAdminSql.INSERT, p.toArray());
    }

    private List<Row> update(String name, int ttl, String actor, int expectedVersion) {
        List<Object> p = writable(name, ttl);
        p.add(actor);
        p.add(expectedVersion);
        return execute(RegistryAdminSql.UPDATE, p.toArray());
    }

    private List<Map<String, Object>> audit() {
        return sql.rows("""
                select actor, action, before ->> 'ttl_seconds' as before_ttl, after ->> 'ttl_seconds' as after_ttl
                from audit_log where entity_type = 'registry' and entity_id like 'rasql-%' order by audit_id""");
    }

    @Test
    void insertCreatesOnceAndAuditsTheCreate() {
        List<Row> created = insert("rasql-a", 60, "alice");
        List<Row> again = insert("rasql-a", 90, "bob");

        assertThat(created).extracting(r -> r.getString("data_type"), r -> r.getInteger("ttl_seconds"), r -> r.getString("updated_by"),
                r -> r.getInteger("version")).containsExactly(tuple("rasql-a", 60, "alice", 1));
        assertThat(again).isEmpty();
        assertThat(sql.value("select created_by from data_type_registry where data_type = 'rasql-a'")).isEqualTo("alice");
        assertThat(audit()).extracting(m -> m.get("actor"), m -> m.get("action"), m -> m.get("after_ttl"))
                .containsExactly(tuple("alice", "create", "60"));
    }

    @Test
    void updateWritesOnlyTheCurrentVersionAndAuditsBeforeAndAfter() {
        insert("rasql-a", 60, "alice");

        Row updated = update("rasql-a", 90, "bob", 1).get(0);
        Row lost = update("rasql-a", 120, "carol", 1).get(0);

        assertThat(updated.getInteger("current_version")).isEqualTo(1);
        assertThat(updated.getString("data_type")).isEqualTo("rasql-a");
        assertThat(updated.getInteger("version")).isEqualTo(2);
        assertThat(lost.getInteger("current_version")).isEqualTo(2);
        assertThat(lost.getString("data_type")).as("a lost update writes nothing").isNull();
        assertThat(update("rasql-none", 90, "bob", 1)).isEmpty();
        List<Object> otherState = writable("rasql-a", 150);
        otherState.set(20, "off");
        otherState.add("dave");
        otherState.add(2);
        Row refused = execute(RegistryAdminSql.UPDATE, otherState.toArray()).get(0);
        assertThat(refused.getString("data_type")).as("the rollout state is not changed here").isNull();
        assertThat(refused.getString("current_state")).isEqualTo("live");
        assertThat(sql.value("select ttl_seconds from data_type_registry where data_type = 'rasql-a'")).isEqualTo(90);
        assertThat(audit()).extracting(m -> m.get("actor"), m -> m.get("action"), m -> m.get("before_ttl"), m -> m.get("after_ttl"))
                .containsExactly(tuple("alice", "create", null, "60"), tuple("bob", "update", "60", "90"));
    }

    @Test
    void updateMovesTheQueuedJobsToTheNewProviderAndLeavesRunningOnesWhereTheyReserved() {
        insert("rasql-a", 60, "alice");
        dataType("rasql-b").insert(sql);
        long queued = job("rasql-a", "A").provider("fmp").insert(sql);
        long running = job("rasql-a", "B").provider("fmp").processing("p1", Instant.now(), Instant.now().plusSeconds(60))
                .insert(sql);
        long other = job("rasql-b", "A").provider("fmp").insert(sql);
        List<Object> p = writable("rasql-a", 60);
        p.set(2, "polygon");
        p.add("bob");
        p.add(1);

        execute(RegistryAdminSql.UPDATE, p.toArray());

        assertThat(sql.value("select provider from refresh_jobs where job_id = ?", queued)).isEqualTo("polygon");
        assertThat(sql.value("select provider from refresh_jobs where job_id = ?", running)).isEqualTo("fmp");
        assertThat(sql.value("select provider from refresh_jobs where job_id = ?", other)).as("another data type's job").isEqualTo("fmp");
    }

    @Test
    void lockQueuedJobsAndJobIdsReadTheDataTypeAndItsJobsOnly() {
        dataType("rasql-a").insert(sql);
        dataType("rasql-b").insert(sql);
        long a1 = job("rasql-a", "A").insert(sql);
        long a2 = job("rasql-a", "B").insert(sql);
        job("rasql-b", "A").insert(sql);

        assertThat(execute(RegistryAdminSql.LOCK, "rasql-a").get(0).getJsonObject("row_json").getString("data_type")).isEqualTo("rasql-a");
        assertThat(execute(RegistryAdminSql.LOCK, "rasql-none")).isEmpty();
        assertThat(execute(RegistryAdminSql.QUEUED_JOBS, "rasql-a").get(0).getLong("jobs")).isEqualTo(2);
        assertThat(execute(RegistryAdminSql.JOB_IDS, "rasql-a").get(0).getArrayOfLongs("ids")).containsExactlyInAnyOrder(a1, a2);
        assertThat(execute(RegistryAdminSql.JOB_IDS, "rasql-none").get(0).getArrayOfLongs("ids")).isNull();
    }

    @Test
    void deletePresenceRemovesOnlyTheDataTypesViewers() {
        dataType("rasql-a").insert(sql);
        viewer("rasql-a");
        viewer("quote");

        execute(RegistryAdminSql.DELETE_PRESENCE, "rasql-a");

        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'RASQL'")).isEqualTo(1);
        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'RASQL' and data_type = 'quote'")).isEqualTo(1);
        sql.update("delete from active_subscriptions where symbol = 'RASQL'");
    }

    @Test
    void deleteRemovesTheDataTypeAndAuditsWhatWasCancelled() {
        dataType("rasql-a").insert(sql);
        dataType("rasql-b").insert(sql);

        Row r = execute(RegistryAdminSql.DELETE, "rasql-a", "alice", new JsonObject().put("ttl_seconds", 60), 3).get(0);

        assertThat(r.getLong("deleted")).isEqualTo(1);
        assertThat(execute(RegistryAdminSql.DELETE, "rasql-none", "alice", new JsonObject(), 0).get(0).getLong("deleted")).isZero();
        assertThat(sql.rows("select data_type from data_type_registry where data_type like 'rasql-%'"))
                .containsExactly(Map.of("data_type", "rasql-b"));
        assertThat(sql.rows("select actor, action, before ->> 'ttl_seconds' as b, after ->> 'cancelledJobs' as c from audit_log "
                + "where entity_type = 'registry' and entity_id like 'rasql-%'"))
                .containsExactly(Map.of("actor", "alice", "action", "delete", "b", "60", "c", "3"));
    }

    @Test
    void providerExistsWhenItHasAQuota() {
        assertThat(execute(RegistryAdminSql.PROVIDER_EXISTS, "fmp").get(0).getBoolean("known")).isTrue();
        assertThat(execute(RegistryAdminSql.PROVIDER_EXISTS, "nobody").get(0).getBoolean("known")).isFalse();
    }

    private void viewer(String dataType) {
        sql.update("insert into active_subscriptions (client_id, symbol, data_type, first_seen_at, last_seen_at) values ('c1', 'RASQL', ?, now(), now())",
                dataType);
    }
}
