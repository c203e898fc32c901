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
 * An upper bound on freshness SLO attainment per tier that no scheduler can beat on a given demand
 * and per-minute call budget. The demand is what was viewed at each sample (policy-independent: the
 * viewers' moves are seeded) and the cached data's age when the run began.
 *
 * <p>The bound of a tier is what that tier would reach if it had every usable call of every minute to
 * itself (no other tier, no scheduled work competing), each call landing at the very start of its
 * minute, batch-capable types coalescing up to their batch size per call: minute by minute, the viewed
 * pairs of the tier that would be stale at some sample of the minute are refreshed, cheapest per pair
 * first (a batch call serves many), most-viewed first within a type, as far as the minute's calls go.
 * A pair-sample counts fresh when its (ideal) newest refresh is younger than the TTL. Samples before
 * {@code countFrom} are simulated but not counted (the warm-up).
 *
 * <p>The naive need is the mean calls per minute that keep every viewed pair of every tier fresh (the
 * same ideal refreshes with an unlimited budget).
 */
public final class FreshnessBound {

    /** One data type: tier, TTL, pairs one call can serve, and each symbol's data age (seconds) at time 0; absent = missing. */
    public record Type(String dataType, String tier, int ttlSeconds, int batchSize, Map<String, Double> ageAtStart) {
    }

    /** What viewers were looking at, at {@code atSeconds} since the start (the same symbols for every type of the page). */
    public record Sample(double atSeconds, Set<String> symbols) {
    }

    public record Outcome(Map<String, Double> boundPerTier, double naiveNeedPerMinute) {
    }

    private FreshnessBound() {
    }

    public static Outcome compute(List<Type> types, List<Sample> samples, int usableCallsPerMinute, double countFrom) {
        Map<String, Double> bound = new LinkedHashMap<>();
        for (String tier : types.stream().map(Type::tier).distinct().toList()) {
            List<Type> ofTier = types.stream().filter(t -> t.tier().equals(tier)).toList();
            bound.put(tier, simulate(ofTier, samples, usableCallsPerMinute, countFrom).attainment());
        }
        Simulation unlimited = simulate(types, samples, Integer.MAX_VALUE, countFrom);
        return new Outcome(bound, unlimited.minutes() == 0 ? 0 : (double) unlimited.calls() / unlimited.minutes());
    }

    private record Simulation(double attainment, long calls, int minutes) {
    }

    private static Simulation simulate(List<Type> types, List<Sample> samples, int callsPerMinute, double countFrom) {
        Map<String, Map<String, Double>> refreshedAt = new HashMap<>();
        for (Type t : types) {
            Map<String, Double> at = new HashMap<>();
            t.ageAtStart().forEach((s, age) -> at.put(s, -age));
            refreshedAt.put(t.dataType(), at);
        }
        int minutes = samples.isEmpty() ? 0 : (int) Math.floor(samples.getLast().atSeconds() / 60) + 1;
        long viewed = 0;
        long fresh = 0;
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
            needs.sort(Comparator.comparing((Need n) -> -n.type().batchSize()));
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
                    for (String sym : s.symbols()) {
                        viewed++;
                        Double r = at.get(sym);
                        if (r != null && s.atSeconds() - r < t.ttlSeconds()) {
                            fresh++;
                        }
                    }
                }
            }
        }
        return new Simulation(viewed == 0 ? Double.NaN : (double) fresh / viewed, calls, minutes);
    }
}
