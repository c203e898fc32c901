package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.function.Function;

/**
 * One set of fault knobs, used both globally and per endpoint. Every field is optional: null means "not set here",
 * which for an endpoint means "inherit the global value". To switch a global knob off for one endpoint, set it to
 * its neutral value there (e.g. {@code "emptyResults": false}, {@code "latency": {"type":"fixed","ms":0}}).
 *
 * @param latency      delay before answering
 * @param hang         hold the request past the client's timeout
 * @param rateLimit    a burst of 429s with Retry-After
 * @param errors       error statuses by rate or every Nth request
 * @param emptyResults answer {@code []} (Polygon: no results) instead of data
 * @param records      make list answers exactly this long (series endpoints generate that many entries, fixed lists
 *                     are cycled or cut; for Polygon it replaces {@code limit})
 * @param padToBytes   inflate the body to this many bytes with a {@code "_padding"} field on the first object
 * @param malformed    send a body that is not valid JSON, with status 200
 * @param insanePrice  break the price fields
 * @param staleSeconds serve data as of this many seconds ago (an older quote {@code timestamp}, bars that lag)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Faults(
        Latency latency,
        Hang hang,
        RateLimitBurst rateLimit,
        ErrorInjection errors,
        Boolean emptyResults,
        Integer records,
        Integer padToBytes,
        Malformed malformed,
        InsanePrice insanePrice,
        Long staleSeconds) {

    public static final int MAX_RECORDS = 10_000;
    public static final int MAX_PAD_BYTES = 50_000_000;

    private static final Faults NONE = new Faults(null, null, null, null, null, null, null, null, null, null);

    public Faults {
        Validation.require(records == null || (records >= 0 && records <= MAX_RECORDS),
                "records must be between 0 and " + MAX_RECORDS);
        Validation.require(padToBytes == null || (padToBytes >= 0 && padToBytes <= MAX_PAD_BYTES),
                "padToBytes must be between 0 and " + MAX_PAD_BYTES);
        Validation.require(staleSeconds == null || staleSeconds >= 0, "staleSeconds must not be negative");
    }

    public static Faults none() {
        return NONE;
    }

    @JsonIgnore
    public boolean isNone() {
        return equals(NONE);
    }

    /** This set with every field that {@code specific} sets taken from {@code specific}. */
    public Faults overriddenBy(Faults specific) {
        if (specific == null) {
            return this;
        }
        return new Faults(
                pick(specific, Faults::latency),
                pick(specific, Faults::hang),
                pick(specific, Faults::rateLimit),
                pick(specific, Faults::errors),
                pick(specific, Faults::emptyResults),
                pick(specific, Faults::records),
                pick(specific, Faults::padToBytes),
                pick(specific, Faults::malformed),
                pick(specific, Faults::insanePrice),
                pick(specific, Faults::staleSeconds));
    }

    private <T> T pick(Faults specific, Function<Faults, T> field) {
        T value = field.apply(specific);
        return value != null ? value : field.apply(this);
    }

    @JsonIgnore
    public boolean wantsEmptyResults() {
        return Boolean.TRUE.equals(emptyResults);
    }

    @JsonIgnore
    public long staleSecondsOrZero() {
        return staleSeconds == null ? 0 : staleSeconds;
    }

    public Faults withLatency(Latency value) {
        return new Faults(value, hang, rateLimit, errors, emptyResults, records, padToBytes, malformed, insanePrice,
                staleSeconds);
    }

    public Faults withHang(Hang value) {
        return new Faults(latency, value, rateLimit, errors, emptyResults, records, padToBytes, malformed, insanePrice,
                staleSeconds);
    }

    public Faults withRateLimit(RateLimitBurst value) {
        return new Faults(latency, hang, value, errors, emptyResults, records, padToBytes, malformed, insanePrice,
                staleSeconds);
    }

    public Faults withErrors(ErrorInjection value) {
        return new Faults(latency, hang, rateLimit, value, emptyResults, records, padToBytes, malformed, insanePrice,
                staleSeconds);
    }

    public Faults withEmptyResults(Boolean value) {
        return new Faults(latency, hang, rateLimit, errors, value, records, padToBytes, malformed, insanePrice,
                staleSeconds);
    }

    public Faults withRecords(Integer value) {
        return new Faults(latency, hang, rateLimit, errors, emptyResults, value, padToBytes, malformed, insanePrice,
                staleSeconds);
    }

    public Faults withPadToBytes(Integer value) {
        return new Faults(latency, hang, rateLimit, errors, emptyResults, records, value, malformed, insanePrice,
                staleSeconds);
    }

    public Faults withMalformed(Malformed value) {
        return new Faults(latency, hang, rateLimit, errors, emptyResults, records, padToBytes, value, insanePrice,
                staleSeconds);
    }

    public Faults withInsanePrice(InsanePrice value) {
        return new Faults(latency, hang, rateLimit, errors, emptyResults, records, padToBytes, malformed, value,
                staleSeconds);
    }

    public Faults withStaleSeconds(Long value) {
        return new Faults(latency, hang, rateLimit, errors, emptyResults, records, padToBytes, malformed, insanePrice,
                value);
    }
}
