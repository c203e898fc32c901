package dev.freshet.simulator;

import dev.freshet.simulator.fmp.AnalystGrades;
import dev.freshet.simulator.fmp.Dividend;
import dev.freshet.simulator.fmp.Dividends;
import dev.freshet.simulator.fmp.Exchange;
import dev.freshet.simulator.fmp.ExchangeMarketHours;
import dev.freshet.simulator.fmp.ExchangeVariant;
import dev.freshet.simulator.fmp.Exchanges;
import dev.freshet.simulator.fmp.Financials;
import dev.freshet.simulator.fmp.Grades;
import dev.freshet.simulator.fmp.IncomeStatement;
import dev.freshet.simulator.fmp.Profile;
import dev.freshet.simulator.fmp.Profiles;
import dev.freshet.simulator.fmp.Quote;
import dev.freshet.simulator.fmp.Quotes;
import dev.freshet.simulator.fmp.RatiosTtm;
import dev.freshet.simulator.fmp.RevenueSegmentation;
import dev.freshet.simulator.fmp.SharesFloat;
import dev.freshet.simulator.market.PriceModel;
import dev.freshet.simulator.market.Symbols;
import dev.freshet.simulator.polygon.AggregateBar;
import dev.freshet.simulator.polygon.Aggregates;
import dev.freshet.simulator.polygon.AggsQuery;
import dev.freshet.simulator.polygon.Bars;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The values the simulator serves, computed directly: what a test expects an HTTP answer (without faults) to
 * contain. Every method is a pure function of its arguments; {@code at} is the simulator clock's instant (minus
 * {@code staleSeconds} when that knob is set). Symbols are used as given: pass them upper-case, as the server
 * upper-cases request parameters.
 */
public final class MarketData {

    private MarketData() {
    }

    /** The traded price of a symbol during the minute containing {@code at}. */
    public static double price(String symbol, Instant at) {
        return PriceModel.priceAt(symbol, at);
    }

    /** {@code /stable/quote}: its single element. */
    public static Quote quote(String symbol, Instant at) {
        return Quotes.quote(symbol, at);
    }

    /** {@code /stable/batch-quote}: request order, invalid symbols left out. */
    public static List<Quote> batchQuote(List<String> symbols, Instant at) {
        return symbols.stream()
                .map(Symbols::normalize)
                .flatMap(Optional::stream)
                .map(symbol -> Quotes.quote(symbol, at))
                .toList();
    }

    public static Profile profile(String symbol, Instant at) {
        return Profiles.profile(symbol, at);
    }

    /** Most recent filed fiscal year first; the server's default limit is 5. */
    public static List<IncomeStatement> incomeStatements(String symbol, int limit, Instant at) {
        return Financials.incomeStatements(symbol, limit, at);
    }

    public static RatiosTtm ratiosTtm(String symbol, Instant at) {
        return Financials.ratiosTtm(symbol, at);
    }

    /** Newest ex-date first; the server's default limit is 8. */
    public static List<Dividend> dividends(String symbol, int limit, Instant at) {
        return Dividends.dividends(symbol, limit, at);
    }

    public static SharesFloat sharesFloat(String symbol, Instant at) {
        return Profiles.sharesFloat(symbol, at);
    }

    /** Most recent fiscal year first; the server's default is 3 years. */
    public static List<RevenueSegmentation> revenueProductSegmentation(String symbol, int limit, Instant at) {
        return Financials.revenueProductSegmentation(symbol, limit, at);
    }

    /** Newest month first; the server's default limit is 12. */
    public static List<AnalystGrades> gradesHistorical(String symbol, int limit, Instant at) {
        return Grades.gradesHistorical(symbol, limit, at);
    }

    public static List<ExchangeVariant> exchangeVariants(String symbol, Instant at) {
        return Profiles.exchangeVariants(symbol, at);
    }

    /** FMP's stock list: the simulated universe ({@code Universe.SYMBOLS}) with company names. */
    public static List<dev.freshet.simulator.fmp.StockListEntry> stockList() {
        return dev.freshet.simulator.fmp.StockList.stockList();
    }

    /** One page of Polygon's reference tickers; {@code nextUrlBase} is the base URL the client used. */
    public static dev.freshet.simulator.polygon.Tickers tickers(int cursor, int limit, String nextUrlBase) {
        return dev.freshet.simulator.polygon.Tickers.page(cursor, limit, nextUrlBase);
    }

    public static List<Exchange> availableExchanges() {
        return Exchanges.availableExchanges();
    }

    public static List<ExchangeMarketHours> marketHours(Instant at) {
        return Exchanges.marketHours(at);
    }

    /** The one-minute bar starting at the minute containing {@code minute}. */
    public static AggregateBar minuteBar(String ticker, Instant minute) {
        return Bars.minuteBar(ticker, PriceModel.epochMinute(minute));
    }

    /** One-minute bars with start in [from, to], complete by {@code now}, ascending, at most {@code limit}. */
    public static List<AggregateBar> minuteBars(String ticker, Instant from, Instant to, int limit, Instant now) {
        return Bars.aggregates(AggsQuery.minutes(ticker, from, to, limit), now).bars();
    }

    /** The whole aggregates answer; {@code next_url}, when present, is a path (the server prefixes its address). */
    public static Aggregates aggregates(AggsQuery query, Instant now) {
        return Bars.aggregates(query, now);
    }
}
