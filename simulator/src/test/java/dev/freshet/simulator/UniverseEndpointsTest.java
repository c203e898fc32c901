package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.simulator.market.Universe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The symbol lists: FMP's stock list and Polygon's paged reference tickers, both the simulated universe. */
class UniverseEndpointsTest extends SimulatorTestBase {

    @Test
    void stock_list_names_every_symbol_of_the_universe_once() {
        JsonNode body = http.json("/stable/stock-list?apikey=secret");

        List<String> symbols = new ArrayList<>();
        body.forEach(e -> {
            JsonShape.of(e).strings("symbol", "companyName");
            symbols.add(e.get("symbol").asText());
        });
        assertThat(symbols).containsExactlyInAnyOrderElementsOf(Universe.SYMBOLS).doesNotContain("ZZZZ");
        assertThat(body.get(0).get("companyName").asText()).isEqualTo(MarketData.stockList().get(0).companyName());
    }

    @Test
    void tickers_are_paged_with_a_next_url_that_leads_through_the_whole_universe() {
        List<String> seen = new ArrayList<>();
        String path = "/v3/reference/tickers?market=stocks&active=true&limit=10&apiKey=k";
        int pages = 0;
        while (path != null) {
            JsonNode page = http.json(path);
            assertThat(page.get("status").asText()).isEqualTo("OK");
            assertThat(page.get("count").asInt()).isEqualTo(page.get("results").size());
            page.get("results").forEach(t -> {
                JsonShape.of(t).strings("ticker", "name", "market", "locale", "primary_exchange", "type");
                seen.add(t.get("ticker").asText());
            });
            path = page.has("next_url") ? page.get("next_url").asText().substring(simulator.baseUrl().length()) : null;
            pages++;
        }
        assertThat(pages).isEqualTo((Universe.SYMBOLS.size() + 9) / 10);
        assertThat(seen).containsExactlyElementsOf(Universe.SYMBOLS.stream().sorted().toList());
    }

    @Test
    void one_page_of_a_thousand_holds_the_whole_universe() {
        JsonNode page = http.json("/v3/reference/tickers?limit=1000");

        assertThat(page.get("results")).hasSize(Universe.SYMBOLS.size());
        assertThat(page.has("next_url")).isFalse();
    }

    @Test
    void a_limit_out_of_range_is_a_bad_request() {
        assertThat(http.get("/v3/reference/tickers?limit=0").statusCode()).isEqualTo(400);
        assertThat(http.get("/v3/reference/tickers?limit=1001").statusCode()).isEqualTo(400);
        assertThat(http.get("/v3/reference/tickers?cursor=abc").statusCode()).isEqualTo(400);
    }
}
