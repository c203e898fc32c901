package dev.freshet.simulator.market;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Fixed-width codes read exactly as {@code %0<width>d} wrote them, so generated companies did not change. */
class NumbersTest {

    @Test
    void zeroPaddedIsWhatPercentZeroDWrote() {
        int[] widths = {2, 3, 4, 6, 10};
        for (int width : widths) {
            for (int value = 0; value < 200_000; value += 7) {
                assertThat(Numbers.zeroPadded(value, width)).isEqualTo(String.format("%0" + width + "d", value));
            }
            assertThat(Numbers.zeroPadded(1_999_999, width)).isEqualTo(String.format("%0" + width + "d", 1_999_999));
        }
    }
}
