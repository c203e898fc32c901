package dev.freshet.admin.providers;

/** Providers as operators steer them: circuit state per provider and the pause that keeps processors off it. */
public final class ProviderSql {

    /**
     * Every provider with a quota: its pause (null when not paused), its pending jobs, and its circuit
     * over all processors — open if any processor's is, else half-open if any, else closed — with
     * the latest open-until and how many processors hold it open.
     */
    public static final String LIST = """
            select q.provider, p.paused_at, p.paused_by, p.reason,
                   (select count(*) from refresh_jobs j where j.provider = q.provider and j.status = 'pending') as pending_jobs,
                   c.circuit_state, c.open_until, c.open_instances, c.instances
              from provider_quotas q
              left join provider_pauses p on p.provider = q.provider
              left join lateral (
                  select case when bool_or(s.state = 'open') then 'open'
                              when bool_or(s.state = 'half_open') then 'half_open' else 'closed' end as circuit_state,
                         max(s.open_until) filter (where s.state = 'open') as open_until,
                         count(*) filter (where s.state = 'open') as open_instances, count(s.*) as instances
                    from provider_circuit_state s where s.provider = q.provider) c on true
             order by q.provider""";

    /**
     * Pauses provider $1 for actor $2 with reason $3. One row: {@code known} (the provider has a
     * quota) and {@code paused_at} (null when it was paused already or is unknown).
     */
    public static final String PAUSE = """
            with known as (select provider from provider_quotas where provider = $1),
            paused as (
                insert into provider_pauses (provider, paused_by, reason)
                select provider, $2, $3 from known
                on conflict (provider) do nothing
                returning paused_at)
            select exists (select 1 from known) as known, (select paused_at from paused) as paused_at""";

    /**
     * Resumes provider $1. One row: {@code known}, and the pause removed ({@code paused_at},
     * {@code paused_by}, {@code reason}; null when it was not paused).
     */
    public static final String RESUME = """
            with resumed as (delete from provider_pauses where provider = $1 returning paused_at, paused_by, reason)
            select exists (select 1 from provider_quotas where provider = $1) as known, r.paused_at, r.paused_by, r.reason
              from (select 1) one left join resumed r on true""";

    private ProviderSql() {
    }
}
