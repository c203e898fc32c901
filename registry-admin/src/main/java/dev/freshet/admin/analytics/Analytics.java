package dev.freshet.admin.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** What the analytics endpoint answers. */
@RegisterForReflection
public record Analytics(Instant since, Instant until, String bucket, List<Point> series, List<Pair> topPairs) {

    /** @param viewers the sum over symbols of each one's peak viewers in the bucket */
    @RegisterForReflection
    public record Point(Instant bucket, String dataType, long viewers, long symbols) {
    }

    /** @param viewerBuckets the viewers of every recorded bucket added up: how long and how many watched */
    @RegisterForReflection
    public record Pair(String dataType, String symbol, int peakViewers, long viewerBuckets, Instant firstSeen, Instant lastSeen) {
    }
}
