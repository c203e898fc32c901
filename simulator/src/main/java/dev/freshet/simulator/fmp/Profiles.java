package dev.freshet.simulator.fmp;

import static dev.freshet.simulator.market.Numbers.round2;
import static dev.freshet.simulator.market.Numbers.round4;

import dev.freshet.simulator.market.Company;
import dev.freshet.simulator.market.Seeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Company profiles, their listings on other exchanges and share float; prices agree with {@link Quotes}. */
public final class Profiles {

    private record Venue(String suffix, String exchange, String exchangeShortName, String currency, double fxRate) {
    }

    // Secondary listings quoted in local currency at a fixed rate, so variant prices track the primary one.
    private static final List<Venue> SECONDARY_VENUES = List.of(
            new Venue(".NE", "NEO Exchange", "NEO", "CAD", 1.37),
            new Venue(".MX", "Mexican Stock Exchange", "MEX", "MXN", 18.6),
            new Venue(".DE", "Deutsche Boerse Xetra", "XETRA", "EUR", 0.92));

    private Profiles() {
    }

    public static Profile profile(String symbol, Instant at) {
        Company company = Company.of(symbol);
        Quote quote = Quotes.quote(symbol, at);
        return new Profile(
                symbol,
                quote.price(),
                quote.marketCap(),
                company.beta(),
                annualDividend(symbol, at),
                range(quote.yearLow(), quote.yearHigh()),
                quote.change(),
                quote.changePercentage(),
                quote.volume(),
                company.averageVolume(),
                company.name(),
                "USD",
                company.cik(),
                company.isin(),
                company.cusip(),
                company.exchangeFullName(),
                company.exchange(),
                CompanyFacts.of(company),
                ListingFacts.of(symbol, company));
    }

    /** The primary listing first, then one or two secondary listings (".NE", ".MX", ".DE"). */
    public static List<ExchangeVariant> exchangeVariants(String symbol, Instant at) {
        Company company = Company.of(symbol);
        Quote quote = Quotes.quote(symbol, at);
        long seed = Seeds.of(symbol, "variants");
        List<ExchangeVariant> variants = new ArrayList<>();
        variants.add(variant(company, quote, symbol, company.exchangeFullName(), company.exchange(), "USD", 1.0,
                company.averageVolume(), at));
        int secondaries = Seeds.between(Seeds.mix(seed, "count"), 1, 2);
        int first = Seeds.between(Seeds.mix(seed, "first"), 0, SECONDARY_VENUES.size() - 1);
        for (int i = 0; i < secondaries; i++) {
            Venue venue = SECONDARY_VENUES.get((first + i) % SECONDARY_VENUES.size());
            variants.add(variant(company, quote, symbol + venue.suffix(), venue.exchange(),
                    venue.exchangeShortName(), venue.currency(), venue.fxRate(), company.averageVolume() / 50, at));
        }
        return variants;
    }

    /** Float as of the start of the UTC day: FMP refreshes it daily. */
    public static SharesFloat sharesFloat(String symbol, Instant at) {
        Company company = Company.of(symbol);
        return new SharesFloat(
                symbol,
                Financials.utcDate(at) + " 00:00:00",
                company.freeFloatPercent(),
                Math.round(company.sharesOutstanding() * company.freeFloatPercent() / 100),
                company.sharesOutstanding());
    }

    private static ExchangeVariant variant(Company company, Quote quote, String listedSymbol, String exchange,
            String exchangeShortName, String currency, double fxRate, long averageVolume, Instant at) {
        double price = round2(quote.price() * fxRate);
        double dcf = round2(price * Seeds.between(Seeds.of(listedSymbol, "dcf"), 0.85, 1.15));
        return new ExchangeVariant(
                listedSymbol,
                price,
                company.beta(),
                averageVolume,
                Math.round(quote.marketCap() * fxRate),
                round4(annualDividend(company.symbol(), at) * fxRate),
                range(round2(quote.yearLow() * fxRate), round2(quote.yearHigh() * fxRate)),
                round2(quote.change() * fxRate),
                company.name(),
                currency,
                company.cik(),
                company.isin(),
                company.cusip(),
                exchange,
                exchangeShortName,
                CompanyFacts.of(company),
                round2(price - dcf),
                dcf,
                ListingFacts.of(listedSymbol, company));
    }

    /** FMP's {@code lastDividend} is the annualised latest payment. */
    private static double annualDividend(String symbol, Instant at) {
        return round4(Dividends.dividends(symbol, 1, at).getFirst().dividend() * 4);
    }

    private static String range(double low, double high) {
        return low + "-" + high;
    }
}
