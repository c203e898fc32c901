package dev.freshet.benchmark;

import java.util.List;

/**
 * The mixed-load scenario's last part on its own: 200 new symbols subscribed at once with the budget lifted
 * ({@link SubscribeBurst}), for looking at reads against events without the minutes of mixed load before it;
 * {@code --runs} bursts one after another (new symbols each), the last one reported.
 */
public final class Burst implements Scenario {

    @Override
    public String name() {
        return "subscribe-burst";
    }

    @Override
    public List<Result> run(BenchContext ctx) throws Exception {
        MixedLoad.liftBudget(ctx);
        // the first bursts warm the services up (a cold processor is slower than the subscribe answers); the last is reported
        SubscribeBurst.Figures burst = null;
        for (int run = 0; run < Math.max(1, ctx.runs()); run++) {
            burst = SubscribeBurst.run(ctx, ctx.stack().url("subscription-tracker"), "profile");
        }
        String note = "%d new symbols subscribed at once (profile), budget lifted; %d without an event or a fresh read"
                .formatted(SubscribeBurst.SYMBOLS, burst.missed());
        return List.of(
                new Result(name(), "SSE refreshed", "p95 after subscribe", "ms", Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))),
                        null, "-", note),
                new Result(name(), "/v1/freshness fresh", "p95 after subscribe, that read's sending", "ms",
                        Result.Summary.of(List.of(Samples.percentileOf(burst.freshAsked(), 95))),
                        Result.Summary.of(List.of(Samples.percentileOf(burst.sse(), 95))), "SSE event p95", note),
                new Result(name(), "/v1/freshness", "reads after the event answered not fresh", "reads",
                        Result.Summary.of(List.of((double) burst.staleReads())), null, "-", note));
    }
}
