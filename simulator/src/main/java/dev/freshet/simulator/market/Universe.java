package dev.freshet.simulator.market;

import java.util.List;

/**
 * The symbols the simulated providers list (FMP's stock list, Polygon's tickers). Any valid ticker still gets
 * data from the data endpoints; this list is what a symbol universe loaded from the simulator holds, so a test
 * or a local run can see a symbol outside it answered `unknown`.
 */
public final class Universe {

    public static final List<String> SYMBOLS = List.of(
            "AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "META", "TSLA", "BRK.B", "JPM", "V",
            "JNJ", "WMT", "PG", "XOM", "MA", "HD", "CVX", "KO", "PEP", "BAC",
            "COST", "DIS", "NFLX", "ADBE", "CRM", "INTC", "AMD", "ORCL", "CSCO", "IBM",
            "BF-B", "SPY", "QQQ", "IWM", "DIA");

    private Universe() {
    }
}
