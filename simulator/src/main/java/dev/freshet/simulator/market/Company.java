package dev.freshet.simulator.market;

import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The facts about a symbol's issuer that do not move with the clock. Invented but stable: every field is drawn from
 * a hash of the symbol, so {@code Company.of("AAPL")} is the same everywhere without any fixture file.
 */
public record Company(
        String symbol,
        String name,
        String exchange,
        String exchangeFullName,
        String sector,
        String industry,
        String ceo,
        String website,
        String description,
        String cik,
        String cusip,
        String isin,
        String phone,
        String address,
        String city,
        String state,
        String zip,
        LocalDate ipoDate,
        long sharesOutstanding,
        long averageVolume,
        double beta,
        int fullTimeEmployees,
        Month fiscalYearEndMonth,
        double dividendYield,
        double priceToSales,
        double grossMargin,
        double operatingMargin,
        double revenueGrowth,
        double freeFloatPercent) {

    /** A website's host from the name: runs of anything else become one dash, none at either end. */
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASHES = Pattern.compile("(^-|-$)");
    private static final List<String> NAME_FIRST = List.of(
            "Northwind", "Bluewater", "Crestline", "Silverpeak", "Ironwood", "Brightfield", "Redstone", "Lakeshore",
            "Summit", "Granite", "Harbor", "Meridian", "Pinecrest", "Stonebridge", "Clearview", "Oakmont");
    private static final List<String> NAME_SECOND = List.of(
            "Analytics", "Dynamics", "Systems", "Holdings", "Industries", "Technologies", "Networks", "Labs",
            "Energy", "Brands", "Therapeutics", "Logistics", "Materials", "Financial", "Devices", "Foods");
    private static final List<String> NAME_SUFFIX = List.of("Inc.", "Corp.", "Group Inc.", "Co.");
    private static final List<String[]> SECTORS = List.of(
            new String[] {"Technology", "Consumer Electronics"},
            new String[] {"Technology", "Software - Infrastructure"},
            new String[] {"Healthcare", "Drug Manufacturers - General"},
            new String[] {"Financial Services", "Banks - Diversified"},
            new String[] {"Energy", "Oil & Gas Integrated"},
            new String[] {"Consumer Cyclical", "Specialty Retail"},
            new String[] {"Industrials", "Aerospace & Defense"},
            new String[] {"Communication Services", "Internet Content & Information"});
    private static final List<String> FIRST_NAMES = List.of(
            "Alex", "Jordan", "Maria", "Wei", "Priya", "Samuel", "Elena", "David", "Aisha", "Thomas");
    private static final List<String> LAST_NAMES = List.of(
            "Carter", "Nguyen", "Fischer", "Okafor", "Lindqvist", "Moreno", "Tanaka", "Schmidt", "Patel", "Brooks");
    // city, state, zip prefix, phone area code
    private static final List<String[]> PLACES = List.of(
            new String[] {"Cupertino", "CA", "950", "408"},
            new String[] {"Seattle", "WA", "981", "206"},
            new String[] {"New York", "NY", "100", "212"},
            new String[] {"Austin", "TX", "787", "512"},
            new String[] {"Boston", "MA", "021", "617"},
            new String[] {"Chicago", "IL", "606", "312"},
            new String[] {"Denver", "CO", "802", "303"},
            new String[] {"Atlanta", "GA", "303", "404"});
    private static final List<String> STREETS = List.of(
            "Market Street", "Park Avenue", "Innovation Way", "Harbor Drive", "Main Street", "Commerce Boulevard");
    private static final List<String[]> EXCHANGES = List.of(
            new String[] {"NASDAQ", "NASDAQ Global Select"},
            new String[] {"NYSE", "New York Stock Exchange"},
            new String[] {"AMEX", "New York Stock Exchange Arca"});
    private static final List<Month> FISCAL_YEAR_ENDS = List.of(Month.MARCH, Month.JUNE, Month.SEPTEMBER,
            Month.DECEMBER, Month.DECEMBER);

    public static Company of(String symbol) {
        long seed = Seeds.of(symbol, "company");
        String name = symbol.startsWith("^")
                ? symbol.substring(1) + " Index"
                : Seeds.pick(h(seed, "name-1"), NAME_FIRST) + " " + Seeds.pick(h(seed, "name-2"), NAME_SECOND)
                        + " " + Seeds.pick(h(seed, "name-3"), NAME_SUFFIX);
        String[] listing = symbol.startsWith("^")
                ? new String[] {"INDEX", "Index"}
                : Seeds.pick(h(seed, "exchange"), EXCHANGES);
        String[] sector = Seeds.pick(h(seed, "sector"), SECTORS);
        String[] place = Seeds.pick(h(seed, "place"), PLACES);
        String slug = EDGE_DASHES.matcher(NOT_SLUG.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-")).replaceAll("");
        String cusip = cusip(seed);
        return new Company(
                symbol,
                name,
                listing[0],
                listing[1],
                sector[0],
                sector[1],
                Seeds.pick(h(seed, "ceo-1"), FIRST_NAMES) + " " + Seeds.pick(h(seed, "ceo-2"), LAST_NAMES),
                "https://www." + slug + ".example",
                name + " designs, makes and sells products in the " + sector[1].toLowerCase(Locale.ROOT)
                        + " industry. The company was founded in " + (1950 + Seeds.between(h(seed, "founded"), 0, 60))
                        + " and is headquartered in " + place[0] + ", " + place[1] + ".",
                Numbers.zeroPadded(Seeds.between(h(seed, "cik"), 1_000, 1_999_999), 10),
                cusip,
                isin("US", cusip),
                "(" + place[3] + ") " + Numbers.zeroPadded(Seeds.between(h(seed, "phone-1"), 200, 999), 3) + "-"
                        + Numbers.zeroPadded(Seeds.between(h(seed, "phone-2"), 0, 9999), 4),
                Seeds.between(h(seed, "street-no"), 1, 9999) + " " + Seeds.pick(h(seed, "street"), STREETS),
                place[0],
                place[1],
                place[2] + Numbers.zeroPadded(Seeds.between(h(seed, "zip"), 1, 99), 2),
                LocalDate.of(1975, 1, 1).plusDays(Seeds.between(h(seed, "ipo"), 0, 16_800)),
                Math.round(logUniform(h(seed, "shares"), 50e6, 16e9)),
                Math.round(logUniform(h(seed, "avg-volume"), 200e3, 80e6)),
                Numbers.round2(Seeds.between(h(seed, "beta"), 0.4, 2.0)),
                (int) Math.round(logUniform(h(seed, "employees"), 200, 250_000)),
                Seeds.pick(h(seed, "fiscal-year-end"), FISCAL_YEAR_ENDS),
                Numbers.round4(Seeds.between(h(seed, "dividend-yield"), 0.005, 0.04)),
                Numbers.round2(Seeds.between(h(seed, "price-to-sales"), 1.0, 10.0)),
                Numbers.round4(Seeds.between(h(seed, "gross-margin"), 0.3, 0.7)),
                Numbers.round4(Seeds.between(h(seed, "operating-margin"), 0.08, 0.3)),
                Numbers.round4(Seeds.between(h(seed, "revenue-growth"), 0.02, 0.15)),
                Numbers.round2(Seeds.between(h(seed, "free-float"), 60.0, 99.9)));
    }

    /** Sizes (share counts, head counts) spread over orders of magnitude, as real companies' do. */
    private static double logUniform(long hash, double min, double max) {
        return Math.exp(Seeds.between(hash, Math.log(min), Math.log(max)));
    }

    private static long h(long seed, String salt) {
        return Seeds.mix(seed, salt);
    }

    /** Six-digit issuer, issue "10", then the standard CUSIP check digit, so validators accept it. */
    static String cusip(long seed) {
        String base = Numbers.zeroPadded(Seeds.between(Seeds.mix(seed, "cusip"), 0, 999_999), 6) + "10";
        int sum = 0;
        for (int i = 0; i < base.length(); i++) {
            int v = Character.digit(base.charAt(i), 36);
            if (i % 2 == 1) {
                v *= 2;
            }
            sum += v / 10 + v % 10;
        }
        return base + (10 - sum % 10) % 10;
    }

    /** Country code + CUSIP + the ISIN Luhn check digit over the letters-as-numbers expansion. */
    static String isin(String country, String cusip) {
        String body = country + cusip;
        StringBuilder digits = new StringBuilder();
        for (char c : body.toCharArray()) {
            digits.append(Character.digit(c, 36));
        }
        int sum = 0;
        boolean doubleIt = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return body + (10 - sum % 10) % 10;
    }
}
