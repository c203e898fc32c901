package dev.freshet.simulator.server;

import dev.freshet.simulator.Endpoints;
import dev.freshet.simulator.fmp.Dividends;
import dev.freshet.simulator.fmp.Exchanges;
import dev.freshet.simulator.fmp.Financials;
import dev.freshet.simulator.fmp.Grades;
import dev.freshet.simulator.fmp.Profiles;
import dev.freshet.simulator.fmp.Quotes;
import dev.freshet.simulator.fmp.StockList;
import dev.freshet.simulator.market.Symbols;
import dev.freshet.simulator.polygon.Aggregates;
import dev.freshet.simulator.polygon.AggsQuery;
import dev.freshet.simulator.polygon.Bars;
import dev.freshet.simulator.polygon.Tickers;
import dev.freshet.simulator.polygon.Timespan;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The route table: which path answers with which generator. */
public final class Routes {

    static final int DEFAULT_INCOME_STATEMENTS = 5;
    static final int DEFAULT_DIVIDENDS = 8;
    static final int DEFAULT_SEGMENT_YEARS = 3;
    static final int DEFAULT_GRADE_MONTHS = 12;

    private static final Pattern AGGS_PATH =
            Pattern.compile("/v2/aggs/ticker/([^/]+)/range/([^/]+)/([^/]+)/([^/]+)/([^/]+)/?");

    private static final Pattern TICKERS_PATH = Pattern.compile("/v3/reference/tickers/?");

    private Routes() {
    }

    public static List<Route> all() {
        return List.of(
                fmp(Endpoints.QUOTE, "quote", perSymbol((symbol, r) -> List.of(Quotes.quote(symbol, r.asOf())))),
                fmp(Endpoints.BATCH_QUOTE, "batch-quote", Routes::batchQuote),
                fmp(Endpoints.PROFILE, "profile",
                        perSymbol((symbol, r) -> List.of(Profiles.profile(symbol, r.asOf())))),
                fmp(Endpoints.INCOME_STATEMENT, "income-statement", perSymbol((symbol, r) ->
                        Financials.incomeStatements(symbol, r.limit(DEFAULT_INCOME_STATEMENTS), r.asOf()))),
                fmp(Endpoints.RATIOS_TTM, "ratios-ttm",
                        perSymbol((symbol, r) -> List.of(Financials.ratiosTtm(symbol, r.asOf())))),
                fmp(Endpoints.DIVIDENDS, "dividends", perSymbol((symbol, r) ->
                        Dividends.dividends(symbol, r.limit(DEFAULT_DIVIDENDS), r.asOf()))),
                fmp(Endpoints.SHARES_FLOAT, "shares-float",
                        perSymbol((symbol, r) -> List.of(Profiles.sharesFloat(symbol, r.asOf())))),
                fmp(Endpoints.REVENUE_PRODUCT_SEGMENTATION, "revenue-product-segmentation", perSymbol((symbol, r) ->
                        Financials.revenueProductSegmentation(symbol, r.limit(DEFAULT_SEGMENT_YEARS), r.asOf()))),
                fmp(Endpoints.GRADES_HISTORICAL, "grades-historical", perSymbol((symbol, r) ->
                        Grades.gradesHistorical(symbol, r.limit(DEFAULT_GRADE_MONTHS), r.asOf()))),
                fmp(Endpoints.SEARCH_EXCHANGE_VARIANTS, "search-exchange-variants",
                        perSymbol((symbol, r) -> Profiles.exchangeVariants(symbol, r.asOf()))),
                fmp(Endpoints.AVAILABLE_EXCHANGES, "available-exchanges", r -> Exchanges.availableExchanges()),
                fmp(Endpoints.ALL_EXCHANGE_MARKET_HOURS, "all-exchange-market-hours",
                        r -> Exchanges.marketHours(r.asOf())),
                fmp(Endpoints.STOCK_LIST, "stock-list", r -> StockList.stockList()),
                new Route(Endpoints.AGGS, Api.POLYGON, AGGS_PATH, Routes::aggregates, Routes::noAggregates),
                new Route(Endpoints.TICKERS, Api.POLYGON, TICKERS_PATH, Routes::tickers,
                        r -> new Tickers(List.of(), "OK", "sim-tickers-empty", 0, null)));
    }

    private static Route fmp(String endpoint, String path, Function<ApiRequest, Object> answer) {
        return new Route(endpoint, Api.FMP, Pattern.compile("/stable/" + Pattern.quote(path) + "/?"), answer,
                request -> List.of());
    }

    /** FMP answers an unknown symbol with an empty array, not an error; so does the simulator for invalid ones. */
    private static Function<ApiRequest, Object> perSymbol(BiFunction<String, ApiRequest, List<?>> answer) {
        return request -> {
            Optional<String> symbol = request.symbol();
            return symbol.isEmpty() ? List.of() : answer.apply(symbol.get(), request);
        };
    }

    private static Object batchQuote(ApiRequest request) {
        return Symbols.splitList(request.requiredParam("symbols")).stream()
                .map(Symbols::normalize)
                .flatMap(Optional::stream)
                .map(symbol -> Quotes.quote(symbol, request.asOf()))
                .toList();
    }

    private static Object aggregates(ApiRequest request) {
        Optional<String> ticker = Symbols.normalize(request.pathParams().getFirst());
        AggsQuery query = query(request, ticker.orElse(request.pathParams().getFirst()));
        if (ticker.isEmpty() || Integer.valueOf(0).equals(request.records())) {
            return Aggregates.empty(query.ticker(), query.adjusted(), Bars.requestId(query, request.asOf()));
        }
        Aggregates answer = Bars.aggregates(query, request.asOf());
        // The generator knows only the path; the absolute URL depends on the address the client used.
        return answer.nextUrl() == null ? answer : answer.withNextUrl(request.baseUrl() + answer.nextUrl());
    }

    private static Object tickers(ApiRequest request) {
        int cursor;
        try {
            cursor = Integer.parseInt(request.param("cursor").orElse("0"));
        } catch (NumberFormatException e) {
            throw new BadRequest("cursor is not one this server issued");
        }
        int limit = request.intParam("limit", Tickers.DEFAULT_LIMIT);
        if (limit < 1 || limit > Tickers.MAX_LIMIT) {
            throw new BadRequest("limit must be between 1 and " + Tickers.MAX_LIMIT);
        }
        return Tickers.page(cursor, limit, request.baseUrl());
    }

    private static Object noAggregates(ApiRequest request) {
        String ticker = Symbols.normalize(request.pathParams().getFirst()).orElse(request.pathParams().getFirst());
        AggsQuery query = query(request, ticker);
        return Aggregates.empty(ticker, query.adjusted(), Bars.requestId(query, request.asOf()));
    }

    private static AggsQuery query(ApiRequest request, String ticker) {
        List<String> path = request.pathParams();
        int multiplier;
        try {
            multiplier = Integer.parseInt(path.get(1));
        } catch (NumberFormatException e) {
            throw new BadRequest("multiplier must be a positive integer");
        }
        Timespan timespan = Timespan.parse(path.get(2))
                .orElseThrow(() -> new BadRequest("timespan must be one of minute, hour, day"));
        String sort = request.param("sort").orElse("asc");
        if (!sort.equals("asc") && !sort.equals("desc")) {
            throw new BadRequest("sort must be asc or desc");
        }
        int limit = request.records() != null ? Math.max(1, request.records())
                : request.intParam("limit", AggsQuery.DEFAULT_LIMIT);
        try {
            return new AggsQuery(ticker, multiplier, timespan, AggsQuery.parseBound(path.get(3), false),
                    AggsQuery.parseBound(path.get(4), true), !"false".equals(request.param("adjusted").orElse("true")),
                    sort.equals("asc"), Math.min(limit, AggsQuery.MAX_LIMIT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }
}
