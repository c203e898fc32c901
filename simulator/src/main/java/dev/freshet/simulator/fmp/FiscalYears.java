package dev.freshet.simulator.fmp;

import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.Numbers;
import dev.freshet.simulator.market.PriceModel;
import dev.freshet.simulator.market.Seeds;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The annual reporting calendar shared by income statements, ratios and segment data, so the numbers agree across
 * endpoints. A year's figures depend only on (symbol, fiscal year); the clock only decides which years are filed.
 */
final class FiscalYears {

    private static final int ANCHOR_YEAR = 2024;

    private FiscalYears() {
    }

    record FiscalYear(int year, LocalDate periodEnd, LocalDateTime accepted, long revenue, long costOfRevenue,
            long operatingIncome, long netIncome) {

        LocalDate filingDate() {
            return accepted.toLocalDate();
        }
    }

    /** The {@code count} most recent fiscal years already filed on {@code asOf}, most recent first. */
    static List<FiscalYear> filedBy(Company company, LocalDate asOf, int count) {
        List<FiscalYear> years = new ArrayList<>(count);
        int year = asOf.getYear();
        while (year(company, year).filingDate().isAfter(asOf)) {
            year--;
        }
        for (int i = 0; i < count; i++) {
            years.add(year(company, year - i));
        }
        return years;
    }

    static FiscalYear year(Company company, int year) {
        long seed = Seeds.mix(Seeds.of(company.symbol(), "fiscal-year"), year);
        LocalDate periodEnd = YearMonth.of(year, company.fiscalYearEndMonth()).atEndOfMonth();
        LocalDateTime accepted = periodEnd.plusDays(Seeds.between(Seeds.mix(seed, "filing-lag"), 25, 60))
                .atTime(LocalTime.of(16, 0).plusSeconds(Seeds.between(Seeds.mix(seed, "accepted"), 0, 3 * 3600 - 1)));

        double latestRevenue = PriceModel.basePrice(company.symbol()) * company.sharesOutstanding()
                / company.priceToSales();
        double revenue = latestRevenue * Math.pow(1 + company.revenueGrowth(), year - ANCHOR_YEAR)
                * Seeds.between(Seeds.mix(seed, "revenue-noise"), 0.98, 1.02);
        long revenueRounded = Math.round(revenue);
        long costOfRevenue = Math.round(revenue * (1 - company.grossMargin()));
        long operatingIncome = Math.round(revenue * company.operatingMargin()
                * Seeds.between(Seeds.mix(seed, "operating-noise"), 0.95, 1.05));
        long netIncome = Math.round(operatingIncome * Seeds.between(Seeds.mix(seed, "tax"), 0.72, 0.85));
        return new FiscalYear(year, periodEnd, accepted, revenueRounded, costOfRevenue, operatingIncome, netIncome);
    }

    static double eps(Company company, FiscalYear year) {
        return Numbers.round2((double) year.netIncome() / company.sharesOutstanding());
    }

    static double epsDiluted(Company company, FiscalYear year) {
        return Numbers.round2(year.netIncome() / (company.sharesOutstanding() * 1.012));
    }
}
