package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same (symbol, endpoint, minute) always yields the same body, and MarketData predicts it. */
class DeterminismTest {

    static final Instant NOW = Instant.parse("2025-03-14T15:09:26Z");
    static final List<String> PATHS = List.of(
            "/stable/quote?symbol=AAPL",
            "/stable/batch-quote?symbols=AAPL,MSFT",
            "/stable/profile?symbol=AAPL",
            "/stable/income-statement?symbol=AAPL&period=annual&limit=5",
            "/stable/ratios-ttm?symbol=AAPL",
            "/stable/dividends?symbol=AAPL",
            "/stable/shares-float?symbol=AAPL",
            "/stable/revenue-product-segmentation?symbol=AAPL&period=annual",
            "/stable/grades-historical?symbol=AAPL&limit=12",
            "/stable/search-exchange-variants?symbol=AAPL",
            "/stable/available-exchanges",
            "/stable/all-exchange-market-hours",
            // Not cut by limit: a next_url would carry each instance's own port.
            "/v2/aggs/ticker/AAPL/range/1/minute/2025-03-14/2025-03-14?limit=5000");

    static Simulator simulator;
    static Simulator otherInstance;
    static TestHttp http;
    static TestHttp otherHttp;

    @BeforeAll
    static void start() {
        simulator = Simulator.builder().port(0).clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
        // Same minute, different second: bodies must not change within a minute.
        otherInstance = Simulator.builder().port(0).clock(Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC)).start();
        http = new TestHttp(simulator);
        otherHttp = new TestHttp(otherInstance);
    }

    @AfterAll
    static void stop() {
        simulator.close();
        otherInstance.close();
    }

    @Test
    void every_endpoint_answers_byte_identical_bodies_within_a_minute() {
        for (String path : PATHS) {
            String first = http.get(path).body();
            assertThat(http.get(path).body()).as(path).isEqualTo(first);
            assertThat(otherHttp.get(path).body()).as(path + " 30 s later").isEqualTo(first);
        }
    }

    @Test
    void http_answers_equal_what_market_data_computes() {
        assertThat(http.json("/stable/quote?symbol=AAPL").get(0))
                .isEqualTo(TestHttp.tree(MarketData.quote("AAPL", NOW)));
        assertThat(http.json("/stable/batch-quote?symbols=AAPL,MSFT"))
                .isEqualTo(TestHttp.tree(MarketData.batchQuote(List.of("AAPL", "MSFT"), NOW)));
        assertThat(http.json("/stable/profile?symbol=AAPL").get(0))
                .isEqualTo(TestHttp.tree(MarketData.profile("AAPL", NOW)));
        assertThat(http.json("/stable/income-statement?symbol=AAPL&limit=2"))
                .isEqualTo(TestHttp.tree(MarketData.incomeStatements("AAPL", 2, NOW)));
        assertThat(http.json("/stable/ratios-ttm?symbol=AAPL").get(0))
                .isEqualTo(TestHttp.tree(MarketData.ratiosTtm("AAPL", NOW)));
        assertThat(http.json("/stable/dividends?symbol=AAPL"))
                .isEqualTo(TestHttp.tree(MarketData.dividends("AAPL", 8, NOW)));
        assertThat(http.json("/stable/shares-float?symbol=AAPL").get(0))
                .isEqualTo(TestHttp.tree(MarketData.sharesFloat("AAPL", NOW)));
        assertThat(http.json("/stable/revenue-product-segmentation?symbol=AAPL"))
                .isEqualTo(TestHttp.tree(MarketData.revenueProductSegmentation("AAPL", 3, NOW)));
        assertThat(http.json("/stable/grades-historical?symbol=AAPL"))
                .isEqualTo(TestHttp.tree(MarketData.gradesHistorical("AAPL", 12, NOW)));
        assertThat(http.json("/stable/search-exchange-variants?symbol=AAPL"))
                .isEqualTo(TestHttp.tree(MarketData.exchangeVariants("AAPL", NOW)));
        assertThat(http.json("/stable/available-exchanges"))
                .isEqualTo(TestHttp.tree(MarketData.availableExchanges()));
        assertThat(http.json("/stable/all-exchange-market-hours"))
                .isEqualTo(TestHttp.tree(MarketData.marketHours(NOW)));
        assertThat(http.json("/v2/aggs/ticker/AAPL/range/1/minute/2025-03-14/2025-03-14").get("results"))
                .isEqualTo(TestHttp.tree(MarketData.minuteBars("AAPL", Instant.parse("2025-03-14T00:00:00Z"),
                        Instant.parse("2025-03-14T23:59:59.999Z"), 5000, NOW)));
    }

    @Test
    void different_symbols_get_different_values() {
        JsonNode aapl = http.json("/stable/quote?symbol=AAPL").get(0);
        JsonNode msft = http.json("/stable/quote?symbol=MSFT").get(0);

        assertThat(aapl.get("price")).isNotEqualTo(msft.get("price"));
        assertThat(aapl.get("marketCap")).isNotEqualTo(msft.get("marketCap"));
        assertThat(MarketData.profile("AAPL", NOW).isin()).isNotEqualTo(MarketData.profile("MSFT", NOW).isin());
    }

    @Test
    void the_price_moves_from_minute_to_minute_but_stays_near_its_base() {
        double first = MarketData.price("AAPL", NOW);
        boolean moved = false;
        for (int minute = 1; minute <= 10; minute++) {
            double later = MarketData.price("AAPL", NOW.plusSeconds(60L * minute));
            moved |= later != first;
            assertThat(later).isCloseTo(first, withPercentage(20));
        }
        assertThat(moved).isTrue();
    }

    @Test
    void the_live_clock_stamps_quotes_with_the_current_minute() {
        try (Simulator live = Simulator.start(0)) {
            long before = Instant.now().getEpochSecond();
            JsonNode quote = new TestHttp(live).json("/stable/quote?symbol=AAPL").get(0);
            long after = Instant.now().getEpochSecond();

            assertThat(quote.get("timestamp").asLong()).isBetween(before - before % 60, after);
        }
    }
}
