package dev.freshet.processor.run;

import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.handler.Handlers;
import dev.freshet.shared.handler.RefreshHandler;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.registry.Registry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cuts claimed jobs into calls: by data type, then as many symbols per call as the handler's
 * endpoint takes. Jobs this processor cannot run are not failed, they are given back: the claim only
 * takes data types in the registry table, so one the registry in memory lacks means the copy is
 * behind (the processor is starting, or the data type was just added and its reload has not
 * arrived); a handler this build lacks belongs to another version of the processor (a rolling
 * upgrade), whose instances can run them.
 */
@ApplicationScoped
public class CallPlanner {

    /** One provider call for these jobs. */
    public record Call(DataType dt, RefreshHandler handler, List<ClaimedJob> jobs) {
    }

    /** Jobs of one data type this processor gives back, and why. */
    public record GivenBack(List<ClaimedJob> jobs, String reason) {
    }

    public record Plan(List<Call> calls, List<GivenBack> givenBack) {
    }

    private final Registry registry;
    private final Handlers handlers;

    public CallPlanner(Registry registry, Handlers handlers) {
        this.registry = registry;
        this.handlers = handlers;
    }

    public Plan plan(List<ClaimedJob> jobs) {
        List<Call> calls = new ArrayList<>();
        List<GivenBack> givenBack = new ArrayList<>();
        byDataType(jobs).forEach((type, list) -> {
            Optional<DataType> dt = registry.find(type);
            if (dt.isEmpty()) {
                givenBack.add(new GivenBack(list, "data type " + type + " is not loaded in this processor yet"));
                return;
            }
            Optional<RefreshHandler> handler = handlers.find(dt.get().handler());
            if (handler.isEmpty()) {
                givenBack.add(new GivenBack(list, "this processor has no handler named " + dt.get().handler()));
                return;
            }
            int perCall = Math.max(1, handler.get().maxSymbolsPerCall(dt.get()));
            for (int i = 0; i < list.size(); i += perCall) {
                calls.add(new Call(dt.get(), handler.get(), list.subList(i, Math.min(i + perCall, list.size()))));
            }
        });
        return new Plan(calls, givenBack);
    }

    public static Map<String, List<ClaimedJob>> byDataType(List<ClaimedJob> jobs) {
        Map<String, List<ClaimedJob>> byType = new LinkedHashMap<>();
        jobs.forEach(j -> byType.computeIfAbsent(j.dataType(), k -> new ArrayList<>()).add(j));
        return byType;
    }
}
