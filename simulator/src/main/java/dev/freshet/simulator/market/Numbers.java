package dev.freshet.simulator.market;

/** Rounding the way market data is quoted (cents for prices, a few more digits for ratios), and fixed-width codes. */
public final class Numbers {

    private Numbers() {
    }

    public static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    public static double round4(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }

    /** Rounds up to the cent, so a rounded high never drops below the value it bounds. */
    public static double ceil2(double value) {
        return Math.ceil(value * 100.0 - 1e-9) / 100.0;
    }

    /** Rounds down to the cent, so a rounded low never rises above the value it bounds. */
    public static double floor2(double value) {
        return Math.floor(value * 100.0 + 1e-9) / 100.0;
    }

    /**
     * A non-negative number as exactly {@code width} digits or more, zeros in front ({@code %0<width>d}); without
     * {@code String.format}'s parsing on every generated company, a large part of the simulator's cost per answer.
     */
    public static String zeroPadded(int value, int width) {
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
