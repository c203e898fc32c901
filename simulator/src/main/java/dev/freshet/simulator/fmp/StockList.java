package dev.freshet.simulator.fmp;

import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.Universe;

import java.util.List;

/** FMP's stock list: every symbol of the simulated universe with its company name. */
public final class StockList {

    private StockList() {
    }

    public static List<StockListEntry> stockList() {
        return Universe.SYMBOLS.stream().map(s -> new StockListEntry(s, Company.of(s).name())).toList();
    }
}
