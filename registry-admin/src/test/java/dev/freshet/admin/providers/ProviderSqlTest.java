package dev.freshet.admin.providers;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider statements on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ProviderSqlTest extends StatementTest {


    @BeforeEach
    void providers() {
        sql.forgetProviders("psql%");
        sql.update("insert into provider_quotas (provider, calls_per_minute) values ('psql-a', 10)");
    }

    @Test
    void pauseOnceThenAgainIsNoChangeAndAnUnknownProviderIsNotKnown() {
        Row first = execute(ProviderSql.PAUSE, "psql-a", "ops", "why").get(0);
        assertThat(first.getBoolean("known")).isTrue();
        assertThat(first.getValue("paused_at")).isNotNull();
        Row again = execute(ProviderSql.PAUSE, "psql-a", "ops2", "other").get(0);
        assertThat(again.getValue("paused_at")).isNull();
        assertThat(sql.value("select paused_by from provider_pauses where provider = 'psql-a'")).isEqualTo("ops");
        Row unknown = execute(ProviderSql.PAUSE, "psql-nope", "ops", null).get(0);
        assertThat(unknown.getBoolean("known")).isFalse();
        assertThat(sql.count("select count(*) from provider_pauses where provider = 'psql-nope'")).isZero();
    }

    @Test
    void resumeAnswersThePauseItRemovedOnce() {
        execute(ProviderSql.PAUSE, "psql-a", "ops", "why");
        Row resumed = execute(ProviderSql.RESUME, "psql-a").get(0);
        assertThat(resumed.getBoolean("known")).isTrue();
        assertThat(resumed.getString("paused_by")).isEqualTo("ops");
        assertThat(resumed.getString("reason")).isEqualTo("why");
        assertThat(execute(ProviderSql.RESUME, "psql-a").get(0).getValue("paused_at")).isNull();
        assertThat(execute(ProviderSql.RESUME, "psql-nope").get(0).getBoolean("known")).isFalse();
    }

    @Test
    void listFoldsTheCircuitsOfEveryProcessorAndShowsThePause() {
        sql.update("""
                insert into provider_circuit_state (provider, instance_id, state, changed_at, open_until)
                values ('psql-a', 'p1', 'half_open', now(), null), ('psql-a', 'p2', 'closed', now(), null)""");
        execute(ProviderSql.PAUSE, "psql-a", "ops", null);
        Row a = execute(ProviderSql.LIST).stream().filter(r -> r.getString("provider").equals("psql-a")).findFirst().orElseThrow();
        assertThat(a.getString("circuit_state")).isEqualTo("half_open");
        assertThat(a.getValue("open_until")).isNull();
        assertThat(a.getLong("instances")).isEqualTo(2);
        assertThat(a.getString("paused_by")).isEqualTo("ops");
        assertThat(execute(ProviderSql.LIST).stream().filter(r -> r.getString("provider").equals("fmp")).findFirst().orElseThrow()
                .getString("circuit_state")).as("no processor reported: closed").isEqualTo("closed");
    }
}
