package dev.freshet.shared.handler;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** The one check every handler_config object shares: no field the handler does not know. */
final class ConfigFields {

    private ConfigFields() {
    }

    /**
     * Adds a problem for each field of {@code object} not in {@code known}.
     *
     * @param where the object's place in handler_config, e.g. {@code handler_config.incremental}
     * @param known the known fields, in the order the problem lists them
     */
    static void unknown(String where, JsonObject object, List<String> known, List<String> problems) {
        for (String key : object.fieldNames()) {
            if (!known.contains(key)) {
                problems.add(where + "." + key + " is not a known field (known: " + String.join(", ", known) + ")");
            }
        }
    }
}
