package dev.freshet.simulator.polygon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.Universe;

import java.util.List;

/**
 * Polygon's reference tickers: the simulated universe in ticker order, a page of at most {@code limit} (Polygon:
 * default 100, at most 1000) from {@code cursor}, with {@code next_url} when more follow.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tickers(
        List<Ticker> results,
        String status,
        @JsonProperty("request_id") String requestId,
        int count,
        @JsonProperty("next_url") String nextUrl) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** @param cursor where the page starts (an opaque string to clients; here the index of its first ticker) */
    public static Tickers page(int cursor, int limit, String nextUrlBase) {
        List<String> sorted = Universe.SYMBOLS.stream().sorted().toList();
        int from = Math.min(Math.max(cursor, 0), sorted.size());
        int to = Math.min(sorted.size(), from + Math.max(1, Math.min(limit, MAX_LIMIT)));
        List<Ticker> page = sorted.subList(from, to).stream().map(Tickers::ticker).toList();
        String next = to < sorted.size() ? nextUrlBase + "/v3/reference/tickers?cursor=" + to + "&limit=" + limit : null;
        return new Tickers(page, "OK", "sim-tickers-" + from, page.size(), next);
    }

    static Ticker ticker(String symbol) {
        Company c = Company.of(symbol);
        boolean etf = symbol.length() == 3 && (symbol.equals("SPY") || symbol.equals("QQQ") || symbol.equals("IWM") || symbol.equals("DIA"));
        return new Ticker(symbol, c.name(), "stocks", "us", "NASDAQ".equals(c.exchange()) ? "XNAS" : "XNYS",
                etf ? "ETF" : "CS", true, "usd", c.cik());
    }
}
