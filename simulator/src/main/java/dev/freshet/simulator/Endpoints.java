package dev.freshet.simulator;

import java.util.List;

/** Names of the imitated endpoints, as used for per-endpoint knobs and in the stats. */
public final class Endpoints {

    public static final String QUOTE = "quote";
    public static final String BATCH_QUOTE = "batch-quote";
    public static final String PROFILE = "profile";
    public static final String INCOME_STATEMENT = "income-statement";
    public static final String RATIOS_TTM = "ratios-ttm";
    public static final String DIVIDENDS = "dividends";
    public static final String SHARES_FLOAT = "shares-float";
    public static final String REVENUE_PRODUCT_SEGMENTATION = "revenue-product-segmentation";
    public static final String GRADES_HISTORICAL = "grades-historical";
    public static final String SEARCH_EXCHANGE_VARIANTS = "search-exchange-variants";
    public static final String AVAILABLE_EXCHANGES = "available-exchanges";
    public static final String ALL_EXCHANGE_MARKET_HOURS = "all-exchange-market-hours";
    public static final String AGGS = "aggs";
    public static final String STOCK_LIST = "stock-list";
    public static final String TICKERS = "tickers";
    /** Stats bucket for requests to paths the simulator does not know (a wrong URL in a client shows up here). */
    public static final String UNKNOWN = "unknown";

    public static final List<String> ALL = List.of(QUOTE, BATCH_QUOTE, PROFILE, INCOME_STATEMENT, RATIOS_TTM,
            DIVIDENDS, SHARES_FLOAT, REVENUE_PRODUCT_SEGMENTATION, GRADES_HISTORICAL, SEARCH_EXCHANGE_VARIANTS,
            AVAILABLE_EXCHANGES, ALL_EXCHANGE_MARKET_HOURS, AGGS, STOCK_LIST, TICKERS);

    private Endpoints() {
    }
}
