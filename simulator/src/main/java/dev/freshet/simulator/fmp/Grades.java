package dev.freshet.simulator.fmp;

import dev.freshet.simulator.market.Seeds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Monthly analyst rating counts: a per-symbol level per bucket, moved by at most two analysts each month. */
public final class Grades {

    private Grades() {
    }

    /** {@code limit} months, newest first, each dated the first day of its month (the current month included). */
    public static List<AnalystGrades> gradesHistorical(String symbol, int limit, Instant at) {
        long seed = Seeds.of(symbol, "grades");
        LocalDate month = Financials.utcDate(at).withDayOfMonth(1);
        List<AnalystGrades> grades = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            LocalDate date = month.minusMonths(i);
            long monthSeed = Seeds.mix(seed, date.getYear() * 12L + date.getMonthValue());
            grades.add(new AnalystGrades(
                    symbol,
                    date.toString(),
                    bucket(seed, monthSeed, "strong-buy", 0, 12),
                    bucket(seed, monthSeed, "buy", 5, 25),
                    bucket(seed, monthSeed, "hold", 3, 20),
                    bucket(seed, monthSeed, "sell", 0, 5),
                    bucket(seed, monthSeed, "strong-sell", 0, 3)));
        }
        return grades;
    }

    private static int bucket(long seed, long monthSeed, String name, int min, int max) {
        int level = Seeds.between(Seeds.mix(seed, name), min, max);
        int move = Seeds.between(Seeds.mix(monthSeed, name), -2, 2);
        return Math.max(0, level + move);
    }
}
