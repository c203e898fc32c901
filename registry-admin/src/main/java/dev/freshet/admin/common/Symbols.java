package dev.freshet.admin.common;

import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Scope;

import java.util.regex.Pattern;

/** Symbols as operators type them; a global data type has the single symbol {@value Scope#GLOBAL_SYMBOL}. */
public final class Symbols {

    public static final Pattern SYMBOL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.:^=_-]{0,31}$");

    private Symbols() {
    }

    public static String require(DataType dataType, String symbol) {
        if (dataType.global()) {
            if (symbol != null && !symbol.equals(Scope.GLOBAL_SYMBOL)) {
                throw ProblemException.badRequest("data type '" + dataType.dataType() + "' is global: its symbol is '*'");
            }
            return Scope.GLOBAL_SYMBOL;
        }
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            throw ProblemException.badRequest("symbol must be 1 to 32 letters, digits or . : ^ = _ -, starting with a letter or digit");
        }
        return symbol;
    }
}
