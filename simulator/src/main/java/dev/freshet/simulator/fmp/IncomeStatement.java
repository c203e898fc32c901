package dev.freshet.simulator.fmp;

/** One fiscal year of {@code /stable/income-statement}. FMP sends {@code fiscalYear} as a string here. */
public record IncomeStatement(
        String date,
        String symbol,
        String reportedCurrency,
        String cik,
        String filingDate,
        String acceptedDate,
        String fiscalYear,
        String period,
        long revenue,
        long costOfRevenue,
        long grossProfit,
        long operatingIncome,
        long netIncome,
        double eps,
        double epsDiluted) {
}
