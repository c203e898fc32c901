package dev.freshet.simulator.fmp;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** A fixed list of exchanges; only whether each is open moves with the clock (weekdays, no holidays). */
public final class Exchanges {

    private record Venue(String code, String name, String countryName, String countryCode, String symbolSuffix,
            String delay, ZoneId zone, LocalTime opens, LocalTime closes) {
    }

    private static final List<Venue> VENUES = List.of(
            us("NASDAQ", "National Association of Securities Dealers Automated Quotations"),
            us("NYSE", "New York Stock Exchange"),
            us("AMEX", "New York Stock Exchange Arca"),
            new Venue("LSE", "London Stock Exchange", "United Kingdom", "GB", ".L", "15 min",
                    ZoneId.of("Europe/London"), LocalTime.of(8, 0), LocalTime.of(16, 30)),
            new Venue("XETRA", "Deutsche Boerse Xetra", "Germany", "DE", ".DE", "15 min",
                    ZoneId.of("Europe/Berlin"), LocalTime.of(9, 0), LocalTime.of(17, 30)),
            new Venue("EURONEXT", "Euronext Paris", "France", "FR", ".PA", "15 min",
                    ZoneId.of("Europe/Paris"), LocalTime.of(9, 0), LocalTime.of(17, 30)),
            new Venue("TSX", "Toronto Stock Exchange", "Canada", "CA", ".TO", "15 min",
                    ZoneId.of("America/Toronto"), LocalTime.of(9, 30), LocalTime.of(16, 0)),
            new Venue("JPX", "Tokyo Stock Exchange", "Japan", "JP", ".T", "20 min",
                    ZoneId.of("Asia/Tokyo"), LocalTime.of(9, 0), LocalTime.of(15, 30)),
            new Venue("HKSE", "Hong Kong Stock Exchange", "Hong Kong", "HK", ".HK", "15 min",
                    ZoneId.of("Asia/Hong_Kong"), LocalTime.of(9, 30), LocalTime.of(16, 0)),
            new Venue("ASX", "Australian Securities Exchange", "Australia", "AU", ".AX", "20 min",
                    ZoneId.of("Australia/Sydney"), LocalTime.of(10, 0), LocalTime.of(16, 0)),
            new Venue("NSE", "National Stock Exchange of India", "India", "IN", ".NS", "Real-time",
                    ZoneId.of("Asia/Kolkata"), LocalTime.of(9, 15), LocalTime.of(15, 30)));

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("hh:mm a xxx", Locale.US);

    private Exchanges() {
    }

    public static List<Exchange> availableExchanges() {
        return VENUES.stream()
                .map(v -> new Exchange(v.code(), v.name(), v.countryName(), v.countryCode(), v.symbolSuffix(),
                        v.delay()))
                .toList();
    }

    /** Hours carry the UTC offset in force at {@code at}, so they follow daylight saving like FMP's do. */
    public static List<ExchangeMarketHours> marketHours(Instant at) {
        return VENUES.stream().map(v -> hours(v, at)).toList();
    }

    private static ExchangeMarketHours hours(Venue venue, Instant at) {
        ZonedDateTime local = at.atZone(venue.zone());
        LocalTime time = local.toLocalTime();
        boolean weekday = local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
        boolean open = weekday && !time.isBefore(venue.opens()) && time.isBefore(venue.closes());
        return new ExchangeMarketHours(
                venue.code(),
                venue.name(),
                local.with(venue.opens()).format(HOUR),
                local.with(venue.closes()).format(HOUR),
                venue.zone().getId(),
                open);
    }

    private static Venue us(String code, String name) {
        return new Venue(code, name, "United States of America", "US", "N/A", "Real-time",
                ZoneId.of("America/New_York"), LocalTime.of(9, 30), LocalTime.of(16, 0));
    }
}
