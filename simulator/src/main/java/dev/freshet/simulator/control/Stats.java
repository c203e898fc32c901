package dev.freshet.simulator.control;

import java.util.Map;

/**
 * A snapshot of the traffic since start or the last reset. Control requests are not counted; requests to unknown
 * paths are, under {@code "unknown"}.
 */
public record Stats(long requests, long bytesSent, Map<Integer, Long> statuses, Map<String, EndpointStats> endpoints) {

    private static final EndpointStats NO_TRAFFIC = new EndpointStats(0, 0, 0, Map.of(), 0);

    public EndpointStats endpoint(String endpoint) {
        return endpoints.getOrDefault(endpoint, NO_TRAFFIC);
    }

    /** Requests received by one endpoint. */
    public long requests(String endpoint) {
        return endpoint(endpoint).requests();
    }

    /** Answers with one status from one endpoint. */
    public long count(String endpoint, int status) {
        return endpoint(endpoint).count(status);
    }

    /** Answers with one status over all endpoints. */
    public long count(int status) {
        return statuses.getOrDefault(status, 0L);
    }
}
