package dev.freshet.simulator.fmp;

import static dev.freshet.simulator.market.Numbers.round4;

import dev.freshet.simulator.fmp.FiscalYears.FiscalYear;
import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.PriceModel;
import dev.freshet.simulator.market.Seeds;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Income statements, trailing ratios and revenue segments; all built on the same {@link FiscalYears}. */
public final class Financials {

    private static final DateTimeFormatter ACCEPTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> SEGMENT_NAMES = List.of(
            "Products", "Services", "Subscriptions", "Licensing", "Hardware", "Cloud", "Advertising", "Other");

    private Financials() {
    }

    public static List<IncomeStatement> incomeStatements(String symbol, int limit, Instant at) {
        Company company = Company.of(symbol);
        List<IncomeStatement> statements = new ArrayList<>(limit);
        for (FiscalYear year : FiscalYears.filedBy(company, utcDate(at), limit)) {
            statements.add(new IncomeStatement(
                    year.periodEnd().toString(),
                    symbol,
                    "USD",
                    company.cik(),
                    year.filingDate().toString(),
                    year.accepted().format(ACCEPTED),
                    String.valueOf(year.year()),
                    "FY",
                    year.revenue(),
                    year.costOfRevenue(),
                    year.revenue() - year.costOfRevenue(),
                    year.operatingIncome(),
                    year.netIncome(),
                    FiscalYears.eps(company, year),
                    FiscalYears.epsDiluted(company, year)));
        }
        return statements;
    }

    /** Trailing figures use the latest filed fiscal year and the price of the minute. */
    public static RatiosTtm ratiosTtm(String symbol, Instant at) {
        Company company = Company.of(symbol);
        FiscalYear latest = FiscalYears.filedBy(company, utcDate(at), 1).getFirst();
        double price = PriceModel.priceAt(symbol, at);
        double base = PriceModel.basePrice(symbol);
        double trailingDividends = Dividends.dividends(symbol, 4, at).stream().mapToDouble(Dividend::dividend).sum();
        return new RatiosTtm(
                symbol,
                round4(price / FiscalYears.eps(company, latest)),
                round4(Seeds.between(Seeds.of(symbol, "price-to-book"), 1.2, 40.0) * price / base),
                round4(price * company.sharesOutstanding() / latest.revenue()),
                round4(trailingDividends / price),
                round4(Seeds.between(Seeds.of(symbol, "current-ratio"), 0.8, 3.0)),
                round4(Seeds.between(Seeds.of(symbol, "debt-to-equity"), 0.1, 2.5)),
                round4((double) latest.netIncome() / latest.revenue()),
                round4(Seeds.between(Seeds.of(symbol, "return-on-equity"), 0.05, 0.6)));
    }

    /** Segments keep their relative sizes from year to year (with some noise) and sum to that year's revenue. */
    public static List<RevenueSegmentation> revenueProductSegmentation(String symbol, int limit, Instant at) {
        Company company = Company.of(symbol);
        long seed = Seeds.of(symbol, "segments");
        int segmentCount = Seeds.between(Seeds.mix(seed, "count"), 3, 5);
        int firstName = Seeds.between(Seeds.mix(seed, "first"), 0, SEGMENT_NAMES.size() - 1);
        List<RevenueSegmentation> result = new ArrayList<>(limit);
        for (FiscalYear year : FiscalYears.filedBy(company, utcDate(at), limit)) {
            double[] weights = new double[segmentCount];
            double total = 0;
            for (int i = 0; i < segmentCount; i++) {
                weights[i] = Seeds.between(Seeds.mix(seed, "weight-" + i), 0.5, 1.5)
                        * Seeds.between(Seeds.mix(Seeds.mix(seed, year.year()), "noise-" + i), 0.9, 1.1);
                total += weights[i];
            }
            Map<String, Long> data = new LinkedHashMap<>();
            long assigned = 0;
            for (int i = 0; i < segmentCount; i++) {
                String name = SEGMENT_NAMES.get((firstName + i) % SEGMENT_NAMES.size());
                long amount = i == segmentCount - 1
                        ? year.revenue() - assigned
                        : Math.round(year.revenue() * weights[i] / total);
                assigned += amount;
                data.put(name, amount);
            }
            result.add(new RevenueSegmentation(symbol, year.year(), "FY", "USD", year.periodEnd().toString(), data));
        }
        return result;
    }

    static LocalDate utcDate(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
