package dev.freshet.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounds on freshness SLO attainment per tier on a given demand and per-minute call budget. The demand
 * is what was viewed at each sample (policy-independent: the viewers' moves are seeded) and the cached
 * data's age when the run began.
 *
 * <p>The replay: minute by minute, the viewed pairs that would be stale at some sample of the minute are
 * refreshed at the very start of the minute, as far as the minute's usable calls go, batch-capable types
 * coalescing up to their batch size per call, cheapest per pair first (a batch call serves many), most
 * viewed first within a type. A pair-sample counts fresh when its (ideal) newest refresh is younger than
 * the TTL. Samples before {@code countFrom} are simulated but not counted (the warm-up). Scheduled work
 * for pairs nobody views is left out: it can wait past the window, so no scheduler has to spend on it.
 *
 * <ul>
 * <li>{@code alone}: each tier replayed on its own with every usable call. No scheduler can make a tier
 * fresher than that: an upper bound, loose for tiers that share the budget.</li>
 * <li>{@code shared}: all tiers replayed together from one budget, allotted by tier weight — critical
 * first, then standard, then low, each getting what the tiers above left. The freshness each tier can
 * have once every tier above it has had all it can use: the bound a scheduler that ranks by tier can
 * reach (critical's is its alone bound; a lower tier's is tighter than alone).</li>
 * </ul>
 *
 * <p>The naive need is the mean calls per minute that keep every viewed pair of every tier fresh (the
 * same replay with an unlimited budget).
 */
public final class FreshnessBound {

    /** One data type: tier, TTL, pairs one call can serve, and each symbol's data age (seconds) at time 0; absent = missing. */
    public record Type(String dataType, String tier, int ttlSeconds, int batchSize, Map<String, Double> ageAtStart) {
    }

    /** What viewers were looking at, at {@code atSeconds} since the start (the same symbols for every type of the page). */
    public record Sample(double atSeconds, Set<String> symbols) {
    }

    /** @param alone each tier with the whole budget; @param shared the tiers sharing it by weight */
    public record Outcome(Map<String, Double> alone, Map<String, Double> shared, double naiveNeedPerMinute) {
    }

    /** Tiers by weight, highest first; a tier not named here comes after them. */
    static final List<String> TIER_ORDER = List.of("critical", "standard", "low");

    private FreshnessBound() {
    }

    public static Outcome compute(List<Type> types, List<Sample> samples, int usableCallsPerMinute, double countFrom) {
        Map<String, Double> alone = new LinkedHashMap<>();
        for (String tier : types.stream().map(Type::tier).distinct().toList()) {
            List<Type> ofTier = types.stream().filter(t -> t.tier().equals(tier)).toList();
            alone.put(tier, simulate(ofTier, samples, usableCallsPerMinute, countFrom).attainment().get(tier));
        }
        Map<String, Double> shared = new LinkedHashMap<>();
        Map<String, Double> together = simulate(types, samples, usableCallsPerMinute, countFrom).attainment();
        alone.keySet().forEach(tier -> shared.put(tier, together.get(tier)));
        Simulation unlimited = simulate(types, samples, Integer.MAX_VALUE, countFrom);
        return new Outcome(alone, shared, unlimited.minutes() == 0 ? 0 : (double) unlimited.calls() / unlimited.minutes());
    }

    private record Simulation(Map<String, Double> attainment, long calls, int minutes) {
    }

    private static int tierRank(String tier) {
        int rank = TIER_ORDER.indexOf(tier);
        return rank < 0 ? TIER_ORDER.size() : rank;
    }

    private static Simulation simulate(List<Type> types, List<Sample> samples, int callsPerMinute, double countFrom) {
        Map<String, Map<String, Double>> refreshedAt = new HashMap<>();
        for (Type t : types) {
            Map<String, Double> at = new HashMap<>();
            t.ageAtStart().forEach((s, age) -> at.put(s, -age));
            refreshedAt.put(t.dataType(), at);
        }
        int minutes = samples.isEmpty() ? 0 : (int) Math.floor(samples.getLast().atSeconds() / 60) + 1;
        Map<String, long[]> counted = new HashMap<>();
        long calls = 0;
        for (int m = 0; m < minutes; m++) {
            double start = m * 60.0;
            List<Sample> inMinute = samples.stream().filter(s -> s.atSeconds() >= start && s.atSeconds() < start + 60).toList();
            // per type: the pairs that would be stale at some sample of the minute, with how often they are viewed in it
            record Need(Type type, List<String> symbols) {
            }
            List<Need> needs = new ArrayList<>();
            for (Type t : types) {
                Map<String, Double> at = refreshedAt.get(t.dataType());
                Map<String, Integer> views = new HashMap<>();
                Set<String> stale = new HashSet<>();
                for (Sample s : inMinute) {
                    for (String sym : s.symbols()) {
                        views.merge(sym, 1, Integer::sum);
                        Double r = at.get(sym);
                        if (r == null || s.atSeconds() - r >= t.ttlSeconds()) {
                            stale.add(sym);
                        }
                    }
                }
                List<String> ordered = new ArrayList<>(stale);
                ordered.sort(Comparator.comparing((String sym) -> -views.get(sym)).thenComparing(sym -> sym));
                needs.add(new Need(t, ordered));
            }
            needs.sort(Comparator.comparing((Need n) -> tierRank(n.type().tier())).thenComparing(n -> -n.type().batchSize()));
            long left = callsPerMinute;
            for (Need n : needs) {
                int batch = Math.max(1, n.type().batchSize());
                long wanted = (n.symbols().size() + batch - 1) / batch;
                long granted = Math.min(left, wanted);
                left -= granted;
                calls += granted;
                int covered = (int) Math.min(n.symbols().size(), granted * batch);
                Map<String, Double> at = refreshedAt.get(n.type().dataType());
                for (String sym : n.symbols().subList(0, covered)) {
                    at.put(sym, start);
                }
            }
            for (Sample s : inMinute) {
                if (s.atSeconds() < countFrom) {
                    continue;
                }
                for (Type t : types) {
                    Map<String, Double> at = refreshedAt.get(t.dataType());
                    long[] viewedAndFresh = counted.computeIfAbsent(t.tier(), k -> new long[2]);
                    for (String sym : s.symbols()) {
                        viewedAndFresh[0]++;
                        Double r = at.get(sym);
                        if (r != null && s.atSeconds() - r < t.ttlSeconds()) {
                            viewedAndFresh[1]++;
                        }
                    }
                }
            }
        }
        Map<String, Double> attainment = new HashMap<>();
        types.forEach(t -> attainment.put(t.tier(), Double.NaN));
        counted.forEach((tier, c) -> attainment.put(tier, c[0] == 0 ? Double.NaN : (double) c[1] / c[0]));
        return new Simulation(attainment, calls, minutes);
    }
}
