package dev.freshet.tracker.request;

import dev.freshet.shared.aggregation.SourceChain;
import dev.freshet.shared.problem.ProblemException;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import dev.freshet.shared.registry.Scope;
import dev.freshet.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The bounds every input of the tracker is held to; a violation answers 400 and changes nothing. */
@ApplicationScoped
public class RequestRules {

    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._:@-]+$");
    private static final int MAX_NAME_LENGTH = 64;

    private final Registry registry;
    private final TrackerConfig.Limits limits;
    private final Pattern symbol;

    public RequestRules(Registry registry, TrackerConfig config) {
        this.registry = registry;
        this.limits = config.limits();
        this.symbol = Pattern.compile(limits.symbolPattern());
    }

    public String clientId(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw ProblemException.badRequest("clientId is required");
        }
        if (raw.length() > limits.maxClientIdLength()) {
            throw ProblemException.badRequest("clientId is longer than " + limits.maxClientIdLength() + " characters");
        }
        if (!CLIENT_ID.matcher(raw).matches()) {
            throw ProblemException.badRequest("clientId may hold only ASCII letters, digits and . _ : @ -");
        }
        return raw;
    }

    /** A symbol, upper-cased (tickers are case-insensitive); {@code *} names the global data types. */
    public String symbol(String raw, boolean globalAllowed) {
        if (raw == null || raw.isEmpty()) {
            throw ProblemException.badRequest("symbol is required");
        }
        if (globalAllowed && Scope.GLOBAL_SYMBOL.equals(raw)) {
            return raw;
        }
        String s = raw.toUpperCase(Locale.ROOT);
        if (raw.length() > 32 || !symbol.matcher(s).matches()) {
            throw ProblemException.badRequest("symbol '" + printable(raw) + "' does not match " + symbol.pattern());
        }
        return s;
    }

    public List<String> symbols(List<String> raw, int max, String field) {
        if (raw == null || raw.isEmpty()) {
            throw ProblemException.badRequest(field + " must hold at least one symbol");
        }
        if (raw.size() > max) {
            throw ProblemException.badRequest(field + " holds " + raw.size() + " symbols, at most " + max + " are allowed");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String s : raw) {
            out.add(symbol(s, false));
        }
        return List.copyOf(out);
    }

    /**
     * Data types a viewer may subscribe to: known, and refreshed on demand (or derived bars whose
     * source chain is: viewing them views the chain) or {@linkplain #disabled disabled} by their
     * rollout state, which the answer says pair by pair rather than failing the request. A data type
     * refreshed only on a schedule is refused.
     */
    public List<DataType> subscribable(List<String> names) {
        return dataTypes(names, dt -> disabled(dt) || dt.acceptsViewers()
                        || SourceChain.of(dt, registry.all()).filter(SourceChain::viewable).isPresent(),
                "is not enabled for on-demand refresh");
    }

    /** Data types whose cached state may be read: every known one (a disabled one answers {@code disabled}). */
    public List<DataType> readable(List<String> names) {
        return dataTypes(names, dt -> true, "");
    }

    /**
     * Off or paused by its rollout state, or derived bars built from a link or a root that is: such
     * pairs are answered {@code disabled}, nothing recorded or queued, their current data still
     * readable.
     */
    public boolean disabled(DataType dt) {
        return !dt.enabled() || SourceChain.of(dt, registry.all())
                .map(c -> !c.root().enabled() || !c.links().stream().allMatch(DataType::enabled)).orElse(false);
    }

    private List<DataType> dataTypes(List<String> names, Predicate<DataType> allowed, String refusal) {
        if (names == null || names.isEmpty()) {
            throw ProblemException.badRequest("dataTypes must name at least one data type");
        }
        if (names.size() > limits.maxDataTypesPerRequest()) {
            throw ProblemException.badRequest("dataTypes holds " + names.size() + " entries, at most "
                    + limits.maxDataTypesPerRequest() + " are allowed");
        }
        Map<String, DataType> out = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (String n : names) {
            if (n == null || n.length() > MAX_NAME_LENGTH) {
                errors.add("data type '" + (n == null ? "null" : printable(n.substring(0, MAX_NAME_LENGTH))) + "' is unknown");
                continue;
            }
            DataType dt = registry.find(n).orElse(null);
            if (dt == null) {
                errors.add("data type '" + printable(n) + "' is unknown");
            } else if (!allowed.test(dt)) {
                errors.add("data type '" + n + "' " + refusal);
            } else {
                out.put(n, dt);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", errors), errors);
        }
        return List.copyOf(out.values());
    }

    /** A comma-separated query parameter as a list (empty when absent). */
    public static List<String> csv(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            out.add(part.trim());
        }
        return out;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\u%04x", cp));
            }
        });
        return b.toString();
    }
}
