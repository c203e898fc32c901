package dev.freshet.shared.universe;

import java.time.Instant;

/**
 * Why no refresh may be queued for a symbol of a data type.
 *
 * @param reason           {@link #OUTSIDE_UNIVERSE} or {@link #NOT_FOUND}
 * @param notFoundUntil    when the negative cache lets the symbol be asked for again (not found only)
 * @param streak           consecutive not-found answers (not found only; the backoff doubles with each)
 * @param universeDataType the data type that loads the provider's universe (outside universe only)
 * @param universeLoadedAt when the universe was last loaded (outside universe only)
 */
public record SymbolBlock(String symbol, String reason, Instant notFoundUntil, Integer streak,
                          String universeDataType, Instant universeLoadedAt) {

    public static final String OUTSIDE_UNIVERSE = "outside_universe";
    public static final String NOT_FOUND = "not_found";

    /** One sentence for an operator or a client. */
    public String describe(String provider) {
        return OUTSIDE_UNIVERSE.equals(reason)
                ? symbol + " is not in provider " + provider + "'s symbol universe (" + universeDataType
                        + ", loaded " + universeLoadedAt + "): nothing is queued for it"
                : "provider " + provider + " answered not found for " + symbol + " (" + streak
                        + " time(s) in a row): nothing is queued for it until " + notFoundUntil;
    }
}
