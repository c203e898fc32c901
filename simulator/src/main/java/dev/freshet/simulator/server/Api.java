package dev.freshet.simulator.server;

import dev.freshet.simulator.market.Seeds;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two upstream families; each words its error bodies its own way, and clients parse them. */
public enum Api {
    FMP {
        @Override
        public Object errorBody(String message) {
            return Map.of("Error Message", message);
        }

        @Override
        public String rateLimitMessage() {
            return "Limit Reach . Please upgrade your plan or visit our documentation for more details.";
        }
    },
    POLYGON {
        @Override
        public Object errorBody(String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ERROR");
            body.put("request_id", Long.toHexString(Seeds.of(message)));
            body.put("error", message);
            return body;
        }

        @Override
        public String rateLimitMessage() {
            return "You've exceeded the maximum requests per minute, please wait or upgrade your subscription"
                    + " to continue.";
        }
    };

    public abstract Object errorBody(String message);

    public abstract String rateLimitMessage();
}
