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
 * endpoint takes. Jobs whose handler is unknown cannot run at all. Jobs of a data type this
 * processor's registry does not hold are not for it to judge: the claim only takes jobs of data
 * types in the registry table, so the copy in memory is behind (the processor is still starting,
 * or a data type was just added and its reload has not arrived).
 */
@ApplicationScoped
public class CallPlanner {

    /** One provider call for these jobs. */
    public record Call(DataType dt, RefreshHandler handler, List<ClaimedJob> jobs) {
    }

    /** Jobs that cannot run: their data type's handler is not in this build. */
    public record Unrunnable(DataType dt, List<ClaimedJob> jobs, String error) {
    }

    /** @param notLoaded jobs of data types this processor's registry has not loaded yet */
    public record Plan(List<Call> calls, List<Unrunnable> unrunnable, List<ClaimedJob> notLoaded) {
    }

    private final Registry registry;
    private final Handlers handlers;

    public CallPlanner(Registry registry, Handlers handlers) {
        this.registry = registry;
        this.handlers = handlers;
    }

    public Plan plan(List<ClaimedJob> jobs) {
        List<Call> calls = new ArrayList<>();
        List<Unrunnable> unrunnable = new ArrayList<>();
        List<ClaimedJob> notLoaded = new ArrayList<>();
        byDataType(jobs).forEach((type, list) -> {
            Optional<DataType> dt = registry.find(type);
            if (dt.isEmpty()) {
                notLoaded.addAll(list);
                return;
            }
            Optional<RefreshHandler> handler = handlers.find(dt.get().handler());
            if (handler.isEmpty()) {
                unrunnable.add(new Unrunnable(dt.get(), list, "no handler named " + dt.get().handler()));
                return;
            }
            int perCall = Math.max(1, handler.get().maxSymbolsPerCall(dt.get()));
            for (int i = 0; i < list.size(); i += perCall) {
                calls.add(new Call(dt.get(), handler.get(), list.subList(i, Math.min(i + perCall, list.size()))));
            }
        });
        return new Plan(calls, unrunnable, notLoaded);
    }

    public static Map<String, List<ClaimedJob>> byDataType(List<ClaimedJob> jobs) {
        Map<String, List<ClaimedJob>> byType = new LinkedHashMap<>();
        jobs.forEach(j -> byType.computeIfAbsent(j.dataType(), k -> new ArrayList<>()).add(j));
        return byType;
    }
}
