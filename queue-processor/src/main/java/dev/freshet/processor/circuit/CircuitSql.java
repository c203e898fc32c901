package dev.freshet.processor.circuit;

/** Publishes this instance's circuit state per provider for operators. */
public final class CircuitSql {

    /** $1 provider, $2 instance, $3 state, $4 changed_at, $5 open_until, $6 last error. */
    public static final String PUBLISH_STATE = """
            insert into provider_circuit_state (provider, instance_id, state, changed_at, open_until, last_error, updated_at)
            values ($1, $2, $3, $4, $5, $6, now())
            on conflict (provider, instance_id) do update
               set state = excluded.state, changed_at = excluded.changed_at, open_until = excluded.open_until,
                   last_error = coalesce(excluded.last_error, provider_circuit_state.last_error), updated_at = now()""";

    private CircuitSql() {
    }
}
