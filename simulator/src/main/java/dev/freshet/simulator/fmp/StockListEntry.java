package dev.freshet.simulator.fmp;

/** One entry of FMP's stock list ({@code /stable/stock-list}). */
public record StockListEntry(String symbol, String companyName) {
}
