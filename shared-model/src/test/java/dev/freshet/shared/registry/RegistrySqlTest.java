package dev.freshet.shared.registry;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.StatementTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.freshet.testsupport.rows.DataTypeRow.dataType;
import static org.assertj.core.api.Assertions.assertThat;

/** The registry statements and their row mapping on the real database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RegistrySqlTest extends StatementTest {


    @BeforeEach
    @AfterEach
    void removeTestTypes() {
        sql.update("delete from data_type_registry where data_type like 'regsql-%'");
    }

    @Test
    void selectOneMapsEveryColumnOfTheNamedDataTypeOnly() {
        dataType("regsql-shadow").displayName("Shadow quote").provider("polygon")
                .handler("http-json", "{\"path\": \"/q/{symbol}\"}").table("quotes", "refreshed_at", "symbol")
                .scheduled(true, 120).ttlSeconds(90).priority(7).tier("critical").estimatedBytes(2048)
                .sourceTimestampColumn("quoted_at").maxAttempts(4).rolloutState("shadow").insert(sql);
        dataType("regsql-global").table("available_exchanges", "refreshed_at", "exchange").global().insert(sql);

        List<Row> rows = execute(RegistrySql.SELECT_ONE, Tuple.of("regsql-shadow"));

        assertThat(rows).hasSize(1);
        DataType dt = RegistrySql.map(rows.get(0));
        assertThat(dt.dataType()).isEqualTo("regsql-shadow");
        assertThat(dt.displayName()).isEqualTo("Shadow quote");
        assertThat(dt.provider()).isEqualTo("polygon");
        assertThat(dt.handler()).isEqualTo("http-json");
        assertThat(dt.handlerConfig().getString("path")).isEqualTo("/q/{symbol}");
        assertThat(dt.tableName()).isEqualTo("quotes");
        assertThat(dt.timestampColumn()).isEqualTo("refreshed_at");
        assertThat(dt.symbolColumn()).isEqualTo("symbol");
        assertThat(dt.keyColumns()).containsExactly("symbol");
        assertThat(dt.scope()).isEqualTo(Scope.SYMBOL);
        assertThat(dt.ttlSeconds()).isEqualTo(90);
        assertThat(dt.refreshMode()).isEqualTo(RefreshMode.BOTH);
        assertThat(dt.scheduleIntervalSeconds()).isEqualTo(120);
        assertThat(dt.priority()).isEqualTo(7);
        assertThat(dt.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(dt.estimatedBytes()).isEqualTo(2048);
        assertThat(dt.sourceTimestampColumn()).isEqualTo("quoted_at");
        assertThat(dt.maxAttempts()).isEqualTo(4);
        assertThat(dt.rolloutState()).isEqualTo(RolloutState.SHADOW);
        assertThat(dt.enabled()).as("shadow is fetched").isTrue();
        assertThat(dt.writesLive()).isFalse();
        assertThat(dt.version()).isEqualTo(1);
        assertThat(dt.updatedAt()).isNotNull();
        assertThat(dt.updatedBy()).isEqualTo("system");
        assertThat(execute(RegistrySql.SELECT_ONE, Tuple.of("regsql-none"))).isEmpty();
    }

    @Test
    void selectAllReturnsEveryDataTypeInNameOrderIncludingGlobalOnes() {
        dataType("regsql-b").insert(sql);
        dataType("regsql-a").table("available_exchanges", "refreshed_at", "exchange").global().insert(sql);

        List<DataType> all = execute(RegistrySql.SELECT_ALL, Tuple.tuple()).stream().map(RegistrySql::map).toList();

        assertThat(all).hasSize((int) sql.count("select count(*) from data_type_registry"));
        assertThat(all).extracting(DataType::dataType).isSorted().contains("regsql-a", "regsql-b", "profile");
        DataType global = all.stream().filter(d -> d.dataType().equals("regsql-a")).findFirst().orElseThrow();
        assertThat(global.scope()).isEqualTo(Scope.GLOBAL);
        assertThat(global.symbolColumn()).isNull();
        assertThat(global.scheduleIntervalSeconds()).isNull();
        assertThat(global.handlerConfig().isEmpty()).isTrue();
    }
}
