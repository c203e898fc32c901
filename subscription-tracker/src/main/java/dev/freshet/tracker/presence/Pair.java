package dev.freshet.tracker.presence;

/** One thing a client looks at: a data type for a symbol ({@code *} for a global data type). */
public record Pair(String dataType, String symbol) {
}
