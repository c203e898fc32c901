package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every FMP endpoint answers an array of objects with the fields (and JSON types) Freshet maps. */
class FmpEndpointsTest extends SimulatorTestBase {

    @Test
    void quote_has_the_mapped_fields_and_the_minute_as_timestamp() {
        JsonNode body = http.json("/stable/quote?symbol=AAPL&apikey=secret");

        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(1);
        JsonNode quote = body.get(0);
        JsonShape.of(quote)
                .strings("symbol", "name", "exchange")
                .numbers("price", "changePercentage", "change", "dayLow", "dayHigh", "yearHigh", "yearLow",
                        "priceAvg50", "priceAvg200", "open", "previousClose")
                .integers("volume", "marketCap", "timestamp");
        assertThat(quote.get("symbol").asText()).isEqualTo("AAPL");
        assertThat(quote.get("timestamp").asLong()).isEqualTo(Instant.parse("2025-03-14T15:09:00Z").getEpochSecond());
        double price = quote.get("price").asDouble();
        assertThat(price).isBetween(quote.get("dayLow").asDouble(), quote.get("dayHigh").asDouble());
        assertThat(quote.get("dayLow").asDouble()).isGreaterThanOrEqualTo(quote.get("yearLow").asDouble());
        assertThat(quote.get("dayHigh").asDouble()).isLessThanOrEqualTo(quote.get("yearHigh").asDouble());
        assertThat(price).isBetween(9.0, 1000.0);
    }

    @Test
    void quote_upper_cases_the_symbol_and_answers_an_invalid_one_with_an_empty_array() {
        assertThat(http.json("/stable/quote?symbol=brk.b").get(0).get("symbol").asText()).isEqualTo("BRK.B");
        assertThat(http.json("/stable/quote?symbol=%5EGSPC").get(0).get("symbol").asText()).isEqualTo("^GSPC");
        assertThat(http.json("/stable/quote?symbol=not%20a%20ticker")).isEmpty();
    }

    @Test
    void quote_without_symbol_is_a_bad_request() {
        HttpResponse<String> response = http.get("/stable/quote");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.parse(response.body()).has("Error Message")).isTrue();
    }

    @Test
    void batch_quote_answers_one_quote_per_symbol_in_request_order() {
        JsonNode body = http.json("/stable/batch-quote?symbols=MSFT,AAPL,%5EGSPC,BRK.B");

        List<String> symbols = new ArrayList<>();
        body.forEach(quote -> symbols.add(quote.get("symbol").asText()));
        assertThat(symbols).containsExactly("MSFT", "AAPL", "^GSPC", "BRK.B");
        assertThat(body.get(1)).isEqualTo(http.json("/stable/quote?symbol=AAPL").get(0));
    }

    @Test
    void profile_has_the_mapped_fields() {
        JsonNode profile = single("/stable/profile?symbol=AAPL");

        JsonShape.of(profile)
                .strings("symbol", "range", "companyName", "currency", "cik", "isin", "cusip", "exchangeFullName",
                        "exchange", "industry", "website", "description", "ceo", "sector", "country",
                        "fullTimeEmployees", "phone", "address", "city", "state", "zip", "image")
                .numbers("price", "beta", "lastDividend", "change", "changePercentage")
                .integers("marketCap", "volume", "averageVolume")
                .date("ipoDate")
                .booleans("defaultImage", "isEtf", "isActivelyTrading", "isAdr", "isFund");
        assertThat(profile.get("isin").asText()).matches("US[0-9A-Z]{9}[0-9]").contains(profile.get("cusip").asText());
        assertThat(profile.get("cik").asText()).matches("\\d{10}");
        assertThat(profile.get("range").asText()).matches("[0-9.]+-[0-9.]+");
        assertThat(profile.has("etf")).as("no bean-style duplicate of isEtf").isFalse();
    }

    @Test
    void income_statement_answers_limit_fiscal_years_most_recent_first() {
        JsonNode body = http.json("/stable/income-statement?symbol=AAPL&period=annual&limit=3");

        assertThat(body).hasSize(3);
        for (JsonNode statement : body) {
            JsonShape.of(statement)
                    .strings("symbol", "reportedCurrency", "cik", "fiscalYear", "period")
                    .date("date")
                    .date("filingDate")
                    .dateTime("acceptedDate")
                    .integers("revenue", "costOfRevenue", "grossProfit", "operatingIncome", "netIncome")
                    .numbers("eps", "epsDiluted");
            assertThat(statement.get("period").asText()).isEqualTo("FY");
            assertThat(statement.get("filingDate").asText()).isLessThanOrEqualTo("2025-03-14");
            assertThat(statement.get("grossProfit").asLong()).isEqualTo(
                    statement.get("revenue").asLong() - statement.get("costOfRevenue").asLong());
        }
        int latestYear = Integer.parseInt(body.get(0).get("fiscalYear").asText());
        assertThat(body.get(1).get("fiscalYear").asText()).isEqualTo(String.valueOf(latestYear - 1));
        assertThat(body.get(2).get("fiscalYear").asText()).isEqualTo(String.valueOf(latestYear - 2));
        assertThat(http.json("/stable/income-statement?symbol=AAPL&period=annual")).hasSize(5);
    }

    @Test
    void ratios_ttm_has_the_mapped_fields() {
        JsonShape.of(single("/stable/ratios-ttm?symbol=AAPL"))
                .strings("symbol")
                .numbers("priceToEarningsRatioTTM", "priceToBookRatioTTM", "priceToSalesRatioTTM", "dividendYieldTTM",
                        "currentRatioTTM", "debtToEquityRatioTTM", "netProfitMarginTTM", "returnOnEquityTTM");
    }

    @Test
    void dividends_are_quarterly_payments_newest_first_none_in_the_future() {
        JsonNode body = http.json("/stable/dividends?symbol=AAPL");

        assertThat(body).hasSize(8);
        String previous = "9999-12-31";
        for (JsonNode dividend : body) {
            JsonShape.of(dividend)
                    .strings("symbol", "frequency")
                    .date("date").date("recordDate").date("paymentDate").date("declarationDate")
                    .numbers("adjDividend", "dividend", "yield");
            assertThat(dividend.get("frequency").asText()).isEqualTo("Quarterly");
            assertThat(dividend.get("date").asText()).isLessThanOrEqualTo("2025-03-14").isLessThan(previous);
            assertThat(dividend.get("dividend").asDouble()).isPositive();
            previous = dividend.get("date").asText();
        }
    }

    @Test
    void shares_float_has_the_mapped_fields() {
        JsonNode sharesFloat = single("/stable/shares-float?symbol=AAPL");

        JsonShape.of(sharesFloat)
                .strings("symbol")
                .dateTime("date")
                .numbers("freeFloat")
                .integers("floatShares", "outstandingShares");
        assertThat(sharesFloat.get("floatShares").asLong()).isLessThanOrEqualTo(
                sharesFloat.get("outstandingShares").asLong());
    }

    @Test
    void revenue_segments_add_up_to_the_income_statement_revenue() {
        JsonNode body = http.json("/stable/revenue-product-segmentation?symbol=AAPL&period=annual");
        JsonNode statements = http.json("/stable/income-statement?symbol=AAPL&limit=3");

        assertThat(body).hasSize(3);
        for (int i = 0; i < body.size(); i++) {
            JsonNode year = body.get(i);
            JsonShape.of(year)
                    .strings("symbol", "period", "reportedCurrency")
                    .integers("fiscalYear")
                    .date("date")
                    .objects("data");
            long total = 0;
            for (JsonNode amount : year.get("data")) {
                assertThat(amount.isIntegralNumber()).isTrue();
                total += amount.asLong();
            }
            assertThat(year.get("data").size()).isBetween(3, 5);
            assertThat(total).isEqualTo(statements.get(i).get("revenue").asLong());
            assertThat(year.get("fiscalYear").asText()).isEqualTo(statements.get(i).get("fiscalYear").asText());
        }
    }

    @Test
    void grades_historical_answers_limit_months_newest_first() {
        JsonNode body = http.json("/stable/grades-historical?symbol=AAPL&limit=4");

        assertThat(body).hasSize(4);
        assertThat(body.get(0).get("date").asText()).isEqualTo("2025-03-01");
        assertThat(body.get(3).get("date").asText()).isEqualTo("2024-12-01");
        for (JsonNode month : body) {
            JsonShape.of(month)
                    .strings("symbol")
                    .date("date")
                    .integers("analystRatingsStrongBuy", "analystRatingsBuy", "analystRatingsHold",
                            "analystRatingsSell", "analystRatingsStrongSell");
        }
        assertThat(http.json("/stable/grades-historical?symbol=AAPL")).hasSize(12);
    }

    @Test
    void exchange_variants_list_the_primary_listing_first() {
        JsonNode body = http.json("/stable/search-exchange-variants?symbol=AAPL");

        assertThat(body.size()).isBetween(2, 3);
        assertThat(body.get(0).get("symbol").asText()).isEqualTo("AAPL");
        assertThat(body.get(1).get("symbol").asText()).startsWith("AAPL.");
        for (JsonNode variant : body) {
            JsonShape.of(variant)
                    .strings("symbol", "range", "companyName", "currency", "cik", "isin", "cusip", "exchange",
                            "exchangeShortName", "industry", "sector", "country", "image")
                    .numbers("price", "beta", "lastDiv", "changes", "dcf", "dcfDiff")
                    .integers("volAvg", "mktCap")
                    .date("ipoDate")
                    .booleans("defaultImage", "isEtf", "isActivelyTrading", "isAdr", "isFund");
        }
    }

    @Test
    void available_exchanges_are_a_fixed_list() {
        JsonNode body = http.json("/stable/available-exchanges");

        assertThat(body.size()).isGreaterThanOrEqualTo(10);
        body.forEach(exchange -> JsonShape.of(exchange)
                .strings("exchange", "name", "countryName", "countryCode", "symbolSuffix", "delay"));
        assertThat(body.get(0).get("exchange").asText()).isEqualTo("NASDAQ");
        assertThat(body.get(0).get("delay").asText()).isEqualTo("Real-time");
    }

    @Test
    void market_hours_tell_which_exchanges_are_open_at_the_clock_time() {
        JsonNode body = http.json("/stable/all-exchange-market-hours");

        assertThat(body.size()).isGreaterThanOrEqualTo(10);
        body.forEach(hours -> JsonShape.of(hours)
                .strings("exchange", "name", "openingHour", "closingHour", "timezone")
                .booleans("isMarketOpen"));
        JsonNode nasdaq = byExchange(body, "NASDAQ");
        assertThat(nasdaq.get("openingHour").asText()).isEqualTo("09:30 AM -04:00");
        assertThat(nasdaq.get("closingHour").asText()).isEqualTo("04:00 PM -04:00");
        assertThat(nasdaq.get("timezone").asText()).isEqualTo("America/New_York");
        assertThat(nasdaq.get("isMarketOpen").asBoolean()).isTrue();
        assertThat(byExchange(body, "JPX").get("isMarketOpen").asBoolean()).isFalse();
    }

    @Test
    void unknown_path_is_a_404_with_a_json_error() {
        HttpResponse<String> response = http.get("/stable/no-such-thing?symbol=AAPL");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestHttp.parse(response.body()).get("error").asText()).contains("/stable/no-such-thing");
        assertThat(simulator.stats().count(Endpoints.UNKNOWN, 404)).isEqualTo(1);
    }

    private static JsonNode single(String pathAndQuery) {
        JsonNode body = http.json(pathAndQuery);
        assertThat(body.isArray()).as("FMP answers arrays").isTrue();
        assertThat(body).hasSize(1);
        return body.get(0);
    }

    private static JsonNode byExchange(JsonNode list, String code) {
        for (JsonNode element : list) {
            if (element.get("exchange").asText().equals(code)) {
                return element;
            }
        }
        throw new AssertionError("no " + code + " in " + list);
    }
}
