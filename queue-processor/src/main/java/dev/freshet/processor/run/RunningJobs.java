package dev.freshet.processor.run;

import dev.freshet.processor.claim.ClaimedJob;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs this instance runs now: whose leases to renew, what to give back at shutdown. */
@ApplicationScoped
public class RunningJobs {

    private final Map<Long, ClaimedJob> running = new ConcurrentHashMap<>();

    void addAll(Collection<ClaimedJob> jobs) {
        jobs.forEach(j -> running.put(j.jobId(), j));
    }

    void removeAll(Collection<ClaimedJob> jobs) {
        jobs.forEach(j -> running.remove(j.jobId()));
    }

    public Set<Long> ids() {
        return Set.copyOf(running.keySet());
    }

    public List<ClaimedJob> jobs() {
        return List.copyOf(running.values());
    }
}
