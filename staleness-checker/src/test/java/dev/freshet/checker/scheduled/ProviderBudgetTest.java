package dev.freshet.checker.scheduled;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderBudgetTest {

    @Test
    void allowanceIsTheShareOfWhatRemainsButNeverTheViewerReserve() {
        // usable 270 (10% margin), reserve 54, nothing spent: min(135, 216)
        assertThat(ProviderBudget.allowance(300L, 10, 20, 0, 0.5)).isEqualTo(135);
        // 200 spent: remaining 70, reserve 54 -> only 16 above the reserve
        assertThat(ProviderBudget.allowance(300L, 10, 20, 200, 0.5)).isEqualTo(16);
        assertThat(ProviderBudget.allowance(300L, 10, 20, 260, 0.5)).isZero();
        assertThat(ProviderBudget.allowance(null, 10, 20, 1_000_000, 0.5)).isEqualTo(ProviderBudget.UNLIMITED);
    }

    @Test
    void jobsFittingIsBoundByCallsAndBytes() {
        ProviderBudget b = new ProviderBudget("fmp", 10, 5_000);
        assertThat(b.jobsFitting(1_000)).isEqualTo(5);
        assertThat(b.jobsFitting(0)).isEqualTo(10);
        b.spend(3, 1_000);
        assertThat(b.calls()).isEqualTo(7);
        assertThat(b.jobsFitting(1_000)).isEqualTo(2);
    }
}
