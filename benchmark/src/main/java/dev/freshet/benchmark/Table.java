package dev.freshet.benchmark;

import java.util.List;

/** The results as a fixed-width text table. */
final class Table {

    private Table() {
    }

    static String render(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        String format = "%-20s %-22s %-26s %-6s %22s %-24s %22s %7s%n";
        sb.append(format.formatted("scenario", "variant", "metric", "unit", "ours median [min–max]", "reference",
                "ref median [min–max]", "ratio"));
        for (Result r : results) {
            sb.append(format.formatted(r.scenario(), r.variant(), r.metric(), r.unit(), cell(r.ours()), r.referenceName(),
                    cell(r.reference()), Double.isNaN(r.ratio()) ? "-" : "%.2f".formatted(r.ratio())));
        }
        results.stream().map(r -> r.scenario() + ": " + r.note()).distinct().forEach(n -> sb.append("  ").append(n).append('\n'));
        return sb.toString();
    }

    private static String cell(Result.Summary s) {
        if (s == null) {
            return "-";
        }
        return "%s [%s–%s]".formatted(num(s.median()), num(s.min()), num(s.max()));
    }

    private static String num(double v) {
        return Math.abs(v) >= 100 ? "%.0f".formatted(v) : "%.2f".formatted(v);
    }
}
