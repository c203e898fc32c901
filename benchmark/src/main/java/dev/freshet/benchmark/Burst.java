package dev.freshet.benchmark;

import java.util.List;

/**
 * The mixed-load scenario's last part on its own: 200 new symbols subscribed at once with the budget lifted
 * ({@link SubscribeBurst}), for looking at reads against events without the minutes of mixed load before it;
 * {@code --runs} bursts (at least two) one after another on one tracker, new symbols each, the last one reported:
 * the ones before warm the just-started tracker up.
 */
public final class Burst implements Scenario {

    @Override
    public String name() {
        return "subscribe-burst";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        MixedLoad.liftBudget(ctx);
        List<SubscribeBurst.Figures> bursts = SubscribeBurst.run(ctx, ctx.stack().url("subscription-tracker"), "profile",
                Math.max(2, ctx.runs()));
        SubscribeBurst.Figures burst = bursts.getLast();
        String note = "%d new symbols subscribed at once (profile), budget lifted; %d without an event or a fresh read"
                .formatted(SubscribeBurst.SYMBOLS, burst.missed());
        return List.of(
                new Result(name(), "SSE refreshed", "p95 after subscribe", "ms", Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))),
                        null, "-", note),
                new Result(name(), "/v1/freshness fresh", "p95 after subscribe, that read's sending", "ms",
                        Result.Summary.of(List.of(Samples.percentileOf(burst.freshAsked(), 95))),
                        Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))), "SSE event p95", note),
                new Result(name(), "/v1/freshness fresh", "p95 after subscribe, first burst after the tracker's start", "ms",
                        Result.Summary.of(List.of(Samples.percentileOf(bursts.getFirst().fresh(), 95))),
                        Result.Summary.of(List.of(Samples.percentileOf(bursts.getFirst().sse(), 95))), "SSE event p95", note),
                new Result(name(), "/v1/freshness fresh", "p95 after subscribe", "ms",
                        Result.Summary.of(List.of(Samples.percentileOf(burst.fresh(), 95))),
                        Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))), "SSE event p95", note),
                new Result(name(), "/v1/freshness", "reads after the event answered not fresh", "reads",
                        Result.Summary.of(List.of((double) burst.staleReads())), null, "-", note));
    }
}
