package dev.freshet.benchmark;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class FreshnessBoundTest {

    /** Samples every 5 s for {@code minutes}, viewing the same symbols. */
    private static List<FreshnessBound.Sample> viewing(int minutes, Set<String> symbols) {
        List<FreshnessBound.Sample> out = new ArrayList<>();
        for (int s = 0; s < minutes * 60; s += 5) {
            out.add(new FreshnessBound.Sample(s, symbols));
        }
        return out;
    }

    @Test
    void aBatchCallKeepsAHundredQuotesFreshSoOneCallAMinuteIsAllTheyNeed() {
        Set<String> symbols = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            symbols.add("S" + i);
        }
        var quote = new FreshnessBound.Type("quote", "critical", 60, 100, Map.of());
        var outcome = FreshnessBound.compute(List.of(quote), viewing(5, symbols), 1, 0);

        assertThat(outcome.alone().get("critical")).isEqualTo(1.0);
        assertThat(outcome.naiveNeedPerMinute()).isEqualTo(1.0);
    }

    @Test
    void aBudgetShortOfTheNeedBoundsEachTierByWhatItsOwnCallsCanCover() {
        // 4 profiles, one a day fresh already; 1 call a minute: minute 0 refreshes the most-viewed stale one, ...
        var profile = new FreshnessBound.Type("profile", "standard", 86400, 1,
                Map.of("A", 100.0, "B", 90000.0, "C", 90000.0));
        var outcome = FreshnessBound.compute(List.of(profile), viewing(3, Set.of("A", "B", "C", "D")), 1, 0);

        // minute 0: A fresh, one of B/C/D refreshed -> 2 of 4; minute 1: 3 of 4; minute 2: 4 of 4
        assertThat(outcome.alone().get("standard")).isCloseTo((2 + 3 + 4) / 12.0, offset(1e-9));
        assertThat(outcome.naiveNeedPerMinute()).isCloseTo(1.0, offset(1e-9));
    }

    @Test
    void tiersAreBoundedSeparatelyAndTheWarmUpIsNotCounted() {
        var quote = new FreshnessBound.Type("quote", "critical", 60, 100, Map.of());
        var dividends = new FreshnessBound.Type("dividend-history", "low", 86400, 1, Map.of());
        var outcome = FreshnessBound.compute(List.of(quote, dividends), viewing(2, Set.of("A", "B")), 1, 60);

        assertThat(outcome.alone().get("critical")).isEqualTo(1.0);
        assertThat(outcome.alone().get("low")).as("one call in minute 0, one in minute 1").isEqualTo(1.0);
        assertThat(outcome.naiveNeedPerMinute()).as("minute 0: 1 + 2, minute 1: 1").isEqualTo(2.0);
    }

    @Test
    void sharedTheBudgetGoesToTheHigherTierFirstAndALowerTierGetsWhatIsLeft() {
        // quotes: a 60 s TTL, one call a minute keeps both fresh; dividends: a day's TTL, one call each
        var quote = new FreshnessBound.Type("quote", "critical", 60, 100, Map.of());
        var dividends = new FreshnessBound.Type("dividend-history", "low", 86400, 1, Map.of());
        List<FreshnessBound.Sample> demand = viewing(4, Set.of("A", "B"));

        var twoCalls = FreshnessBound.compute(List.of(dividends, quote), demand, 2, 0);
        assertThat(twoCalls.shared().get("critical")).as("critical first, whatever the order of the types").isEqualTo(1.0);
        // minute 0: the quote call and A's dividends; minute 1: the quote call and B's
        assertThat(twoCalls.shared().get("low")).isCloseTo((1 + 2 + 2 + 2) / 8.0, offset(1e-9));
        assertThat(twoCalls.alone().get("low")).as("alone, the low tier has both calls in minute 0").isEqualTo(1.0);

        var oneCall = FreshnessBound.compute(List.of(quote, dividends), demand, 1, 0);
        assertThat(oneCall.shared().get("critical")).isEqualTo(1.0);
        assertThat(oneCall.shared().get("low")).as("critical takes every call").isZero();
    }
}
