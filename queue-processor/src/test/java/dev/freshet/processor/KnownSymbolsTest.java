package dev.freshet.processor;

import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.universe.SymbolBlock;
import dev.freshet.shared.universe.SymbolGate;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.UpstreamStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processor's side of known symbols: a universe data type loads the provider's symbol list into
 * symbol_universe, which the shared gate then holds symbols against; an answer with nothing for a
 * symbol (no records, or HTTP 404) fails the job and records the pair in symbol_not_found with the
 * provider's backoff, doubled per repeat up to its maximum (database clock); data for it clears the entry.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class KnownSymbolsTest extends ProcessorTestBase {

    @Inject
    SymbolGate gate;

    private DataType type(String name) {
        quota(name + "-p").notFoundBackoff(60, 200).insert(sql);
        return Fixtures.quoteType(registry, name, name + "-p", 3, "live", null);
    }

    private void answer(String name, String symbol, int status, String body) {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/t/" + name)).withQueryParam("symbol", equalTo(symbol))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** Runs one job of the pair to its end and answers its history status. */
    private String run(DataType dt, String symbol) {
        long before = sql.count("select count(*) from refresh_job_history where data_type = ? and symbol = ?", dt.dataType(), symbol);
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, List.of(symbol));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count(
                "select count(*) from refresh_job_history where data_type = ? and symbol = ?", dt.dataType(), symbol) > before);
        return (String) sql.value("""
                select status from refresh_job_history where data_type = ? and symbol = ? order by finished_at desc limit 1""",
                dt.dataType(), symbol);
    }

    /** The entry, with its backoff in seconds from the database's now. */
    private Map<String, Object> entry(String dataType, String symbol) {
        List<Map<String, Object>> rows = sql.rows("""
                select streak, provider, http_status, last_error,
                       round(extract(epoch from not_found_until - now()))::int as backoff_s
                from symbol_not_found where data_type = ? and symbol = ?""", dataType, symbol);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Test
    void theStockListDataTypeLoadsTheUniverseThatThenHoldsEverySymbolOutsideIt() {
        UpstreamStub.server().stubFor(get(urlPathEqualTo("/stable/stock-list")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"symbol\": \"LISTED\", \"companyName\": \"Listed Inc.\"}, {\"symbol\": \"OTHER\", \"companyName\": \"Other Co.\"}]")));
        sql.update("update data_type_registry set rollout_state = 'live' where data_type = 'fmp-stock-list'");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("fmp-stock-list").orElseThrow().enabled());
            DataType list = registry.find("fmp-stock-list").orElseThrow();

            assertThat(run(list, "*")).isEqualTo("completed");

            assertThat(sql.rows("select provider, symbol, name from symbol_universe order by symbol")).containsExactly(
                    Map.of("provider", "fmp", "symbol", "LISTED", "name", "Listed Inc."),
                    Map.of("provider", "fmp", "symbol", "OTHER", "name", "Other Co."));
            Map<String, SymbolBlock> blocked = gate.blocked(pool, registry.find("profile").orElseThrow(),
                    List.of("LISTED", "UNLISTED")).await().atMost(Duration.ofSeconds(10));
            assertThat(blocked).containsOnlyKeys("UNLISTED");
            assertThat(blocked.get("UNLISTED").reason()).isEqualTo(SymbolBlock.OUTSIDE_UNIVERSE);
        } finally {
            sql.update("update data_type_registry set rollout_state = 'off' where data_type = 'fmp-stock-list'");
            sql.update("truncate symbol_universe");
        }
    }

    @Test
    void anEmptyAnswerIsRememberedWithABackoffThatDoublesPerRepeatUpToTheMaximum() {
        DataType dt = type("nfempty");
        answer("nfempty", "NOPE", 200, "[]");

        assertThat(run(dt, "NOPE")).isEqualTo("failed");
        Map<String, Object> first = entry("nfempty", "NOPE");
        assertThat(first.get("streak")).isEqualTo(1);
        assertThat(first.get("provider")).isEqualTo("nfempty-p");
        assertThat((String) first.get("last_error")).contains("no records");
        assertThat((Integer) first.get("backoff_s")).isBetween(55, 60);

        run(dt, "NOPE");
        assertThat(entry("nfempty", "NOPE").get("streak")).isEqualTo(2);
        assertThat((Integer) entry("nfempty", "NOPE").get("backoff_s")).isBetween(115, 120);

        run(dt, "NOPE");
        assertThat(entry("nfempty", "NOPE").get("streak")).isEqualTo(3);
        assertThat((Integer) entry("nfempty", "NOPE").get("backoff_s")).as("240 s capped at 200 s").isBetween(195, 200);
    }

    @Test
    void aNotFoundStatusIsRememberedToo() {
        DataType dt = type("nf404");
        answer("nf404", "GONE", 404, "{}");

        assertThat(run(dt, "GONE")).isEqualTo("failed");

        Map<String, Object> e = entry("nf404", "GONE");
        assertThat(e.get("http_status")).isEqualTo(404);
        assertThat((Integer) e.get("backoff_s")).isBetween(55, 60);
    }

    @Test
    void dataForTheSymbolClearsItsEntry() {
        DataType dt = type("nfback");
        answer("nfback", "BACK", 200, "[]");
        run(dt, "BACK");
        assertThat(entry("nfback", "BACK")).isNotNull();

        answer("nfback", "BACK", 200, Fixtures.quoteJson("BACK", "12.5", 1_700_000_000));
        assertThat(run(dt, "BACK")).isEqualTo("completed");

        assertThat(entry("nfback", "BACK")).isNull();
    }

    @Test
    void otherFailuresAreNotRemembered() {
        DataType dt = type("nfinsane");
        answer("nfinsane", "ZERO", 200, Fixtures.quoteJson("ZERO", "0", 1_700_000_000));

        assertThat(run(dt, "ZERO")).isEqualTo("failed");

        assertThat(entry("nfinsane", "ZERO")).isNull();
    }
}
