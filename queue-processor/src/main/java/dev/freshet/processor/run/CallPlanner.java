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
 * endpoint takes. Jobs whose data type or handler is unknown cannot run at all.
 */
@ApplicationScoped
public class CallPlanner {

    /** One provider call for these jobs. */
    public record Call(DataType dt, RefreshHandler handler, List<ClaimedJob> jobs) {
    }

    /** Jobs that cannot run; {@code dt} is null when the data type itself is unknown. */
    public record Unrunnable(DataType dt, List<ClaimedJob> jobs, String error) {
    }

    public record Plan(List<Call> calls, List<Unrunnable> unrunnable) {
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
        byDataType(jobs).forEach((type, list) -> {
            Optional<DataType> dt = registry.find(type);
            if (dt.isEmpty()) {
                unrunnable.add(new Unrunnable(null, list, "data type " + type + " is not in the registry"));
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
        return new Plan(calls, unrunnable);
    }

    public static Map<String, List<ClaimedJob>> byDataType(List<ClaimedJob> jobs) {
        Map<String, List<ClaimedJob>> byType = new LinkedHashMap<>();
        jobs.forEach(j -> byType.computeIfAbsent(j.dataType(), k -> new ArrayList<>()).add(j));
        return byType;
    }
}
