package dev.freshet.simulator.control;

import java.util.Map;

/**
 * Traffic of one endpoint.
 *
 * @param requests  requests received (counted on arrival, so a hanging request is already in)
 * @param symbols   symbols asked for in total (a batch quote of 100 symbols adds 100)
 * @param bytesSent response body bytes written
 * @param statuses  answers by HTTP status
 * @param dropped   requests closed without any answer (released forever-hangs, clients gone)
 */
public record EndpointStats(long requests, long symbols, long bytesSent, Map<Integer, Long> statuses, long dropped) {

    public long count(int status) {
        return statuses.getOrDefault(status, 0L);
    }
}
