package dev.freshet.simulator.fmp;

import java.util.Map;

/**
 * One fiscal year of {@code /stable/revenue-product-segmentation}. Unlike the income statement, FMP sends
 * {@code fiscalYear} as a number here. The segments add up to that year's income-statement revenue.
 */
public record RevenueSegmentation(
        String symbol,
        int fiscalYear,
        String period,
        String reportedCurrency,
        String date,
        Map<String, Long> data) {
}
