package dev.freshet.simulator.fmp;

import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.Numbers;
import dev.freshet.simulator.market.PriceModel;
import dev.freshet.simulator.market.Seeds;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Quarterly dividends. Every simulated issuer pays (tests can force the empty answer with a knob); the amount steps
 * up 5 % per calendar year and each payment depends only on (symbol, ex-date), never on when it is asked for.
 */
public final class Dividends {

    private static final int ANCHOR_YEAR = 2024;
    private static final LocalTime EX_DATE_PRICE_TIME = LocalTime.of(20, 0);

    private Dividends() {
    }

    /** The {@code limit} most recent payments whose ex-date is on or before the day of {@code at}, newest first. */
    public static List<Dividend> dividends(String symbol, int limit, Instant at) {
        long seed = Seeds.of(symbol, "dividend-calendar");
        int firstMonth = Seeds.between(Seeds.mix(seed, "month"), 1, 3);
        int day = Seeds.between(Seeds.mix(seed, "day"), 5, 24);
        LocalDate asOf = Financials.utcDate(at);
        List<Dividend> dividends = new ArrayList<>(limit);
        for (int year = asOf.getYear(); dividends.size() < limit; year--) {
            for (int quarter = 3; quarter >= 0 && dividends.size() < limit; quarter--) {
                LocalDate exDate = LocalDate.of(year, firstMonth + 3 * quarter, day);
                if (!exDate.isAfter(asOf)) {
                    dividends.add(payment(symbol, exDate));
                }
            }
        }
        return dividends;
    }

    /** Per-share amount of one quarterly payment in a calendar year. */
    public static double quarterlyAmount(String symbol, int year) {
        Company company = Company.of(symbol);
        double firstAmount = PriceModel.basePrice(symbol) * company.dividendYield() / 4;
        return Numbers.round4(firstAmount * Math.pow(1.05, year - ANCHOR_YEAR));
    }

    private static Dividend payment(String symbol, LocalDate exDate) {
        double amount = quarterlyAmount(symbol, exDate.getYear());
        double priceOnExDate = PriceModel.priceAt(symbol, exDate.atTime(EX_DATE_PRICE_TIME).toInstant(ZoneOffset.UTC));
        return new Dividend(
                symbol,
                exDate.toString(),
                exDate.toString(),
                exDate.plusDays(14).toString(),
                exDate.minusDays(12).toString(),
                amount,
                amount,
                Numbers.round2(amount * 4 / priceOnExDate * 100),
                "Quarterly");
    }
}
