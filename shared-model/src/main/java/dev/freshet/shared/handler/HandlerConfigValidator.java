package dev.freshet.shared.handler;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the {@code handler_config} of a registry row for one handler. Lives in shared-model so
 * the admin API can refuse a bad config without knowing the processor's code; one CDI bean per
 * handler name.
 */
public interface HandlerConfigValidator {

    /** The registry's {@code handler} value this validator is for, e.g. {@code http-json}. */
    String handler();

    /**
     * @param config      the handler_config to check
     * @param columnTypes the target table's columns and their types (from the catalog), to check
     *                    that mapped columns exist
     * @return the problems found, each a sentence naming the offending field; empty when valid
     */
    List<String> validate(JsonObject config, Map<String, String> columnTypes);

    /**
     * The target columns this handler writes for the given config, besides the registry's key,
     * symbol and timestamp columns: what the tracker may serve to the public, and nothing else of
     * the row.
     */
    Set<String> writtenColumns(JsonObject config);
}
