package dev.freshet.simulator.faults;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A 200 whose body a JSON parser must reject. */
public enum Malformed {
    /** The JSON body cut off halfway, as when a proxy drops the connection mid-body. */
    @JsonProperty("truncated")
    TRUNCATED,
    /** An HTML error page sent as if it were the JSON answer, as gateways do. */
    @JsonProperty("html")
    HTML
}
