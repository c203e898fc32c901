package dev.freshet.simulator.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** What counts as a ticker: any syntactically valid one gets data, so tests never need a fixture universe. */
public final class Symbols {

    // AAPL, BRK.B, BF-B, ^GSPC, EURUSD=X, X:BTCUSD (Polygon prefixes)
    private static final Pattern VALID = Pattern.compile("[A-Z0-9^][A-Z0-9.^=:\\-]{0,19}");

    private Symbols() {
    }

    /** Upper-cases like the real APIs do; empty when the text cannot be a ticker. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String symbol = raw.trim().toUpperCase(Locale.ROOT);
        return VALID.matcher(symbol).matches() ? Optional.of(symbol) : Optional.empty();
    }

    /** Splits a comma-separated list, keeping request order and dropping blanks. */
    public static List<String> splitList(String csv) {
        List<String> symbols = new ArrayList<>();
        if (csv == null) {
            return symbols;
        }
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                symbols.add(part.trim());
            }
        }
        return symbols;
    }
}
