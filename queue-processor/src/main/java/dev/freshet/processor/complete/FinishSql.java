package dev.freshet.processor.complete;

/** Statements that end a claim: complete, fail, retry later or release, and settle usage. */
public final class FinishSql {

    /**
     * Ends many claims in one statement. Per job ($3..$18 are parallel arrays): outcome
     * {@code completed} or {@code failed} moves it to history; {@code retry} puts it back to pending
     * at run_after (or to history as failed once its attempts are spent); {@code release} puts it back
     * giving its attempt back. Only rows still held by this claim ($2 instance, attempts) are touched.
     * Usage of the calls actually made is settled per provider and minute of the call whatever
     * became of the job; each completed job notifies {@code freshet_refreshed}.
     * $1 now, $2 instance, $3 job ids, $4 claim attempts, $5 outcome, $6 run_after, $7 error,
     * $8 http status, $9 bytes, $10 rows written, $11 fetch ms, $12 validate ms, $13 write ms,
     * $14 calls made, $15 call time, $16 rate limited (0/1), $17 errors (0/1), $18 provider.
     * Returns one row: archived, requeued, notified.
     */
    public static final String FINISH_JOBS = """
            with input as (
                select * from unnest($3::bigint[], $4::int[], $5::text[], $6::timestamptz[], $7::text[], $8::int[],
                                     $9::bigint[], $10::int[], $11::int[], $12::int[], $13::int[], $14::int[],
                                     $15::timestamptz[], $16::int[], $17::int[], $18::text[])
                       as i(job_id, claim_attempts, outcome, run_after, error, http_status, bytes, rows_written, fetch_ms,
                            validate_ms, write_ms, calls, call_at, rate_limited, errors, provider)
            ), finished as (
                delete from refresh_jobs j using input i
                 where j.job_id = i.job_id and j.status = 'processing' and j.claimed_by = $2 and j.attempts = i.claim_attempts
                   and (i.outcome in ('completed', 'failed') or (i.outcome = 'retry' and j.attempts >= j.max_attempts))
                returning j.job_id, j.data_type, j.symbol, j.provider, j.priority, j.origin, j.viewer_count, j.attempts,
                          j.enqueued_at, j.run_after, j.claimed_at, j.claimed_by, j.last_error, j.payload,
                          i.outcome, i.error, i.http_status, i.bytes, i.rows_written, i.fetch_ms, i.validate_ms, i.write_ms
            ), archived as (
                insert into refresh_job_history
                    (job_id, data_type, symbol, provider, priority, origin, viewer_count, status, attempts, enqueued_at,
                     claimed_at, claimed_by, finished_at, last_error, http_status, actual_bytes, rows_written,
                     queue_wait_ms, fetch_ms, validate_ms, write_ms, payload)
                select job_id, data_type, symbol, provider, priority, origin, viewer_count,
                       case when outcome = 'completed' then 'completed' else 'failed' end, attempts, enqueued_at,
                       claimed_at, claimed_by, $1, case when outcome = 'completed' then error else coalesce(error, last_error) end,
                       http_status, bytes, rows_written,
                       greatest(0, round(extract(epoch from claimed_at - greatest(enqueued_at, run_after)) * 1000))::int,
                       fetch_ms, validate_ms, write_ms, payload
                from finished
                returning job_id
            ), requeued as (
                update refresh_jobs j
                   set status = 'pending', claimed_at = null, claimed_by = null, lease_expires_at = null,
                       reserved_calls = 0, reserved_bytes = 0,
                       attempts = case when i.outcome = 'release' then greatest(j.attempts - 1, 0) else j.attempts end,
                       run_after = coalesce(i.run_after, $1),
                       last_error = coalesce(i.error, j.last_error)
                  from input i
                 where j.job_id = i.job_id and j.status = 'processing' and j.claimed_by = $2 and j.attempts = i.claim_attempts
                   and (i.outcome = 'release' or (i.outcome = 'retry' and j.attempts < j.max_attempts))
                returning j.job_id
            ), usage as (
                insert into api_usage as u (provider, bucket_start, calls, bytes, rate_limited, errors)
                select provider, date_trunc('minute', call_at), sum(calls), sum(bytes), sum(rate_limited), sum(errors)
                from input where call_at is not null
                group by 1, 2
                on conflict (provider, bucket_start) do update
                   set calls = u.calls + excluded.calls, bytes = u.bytes + excluded.bytes,
                       rate_limited = u.rate_limited + excluded.rate_limited, errors = u.errors + excluded.errors
                returning 1
            )
            select (select count(*) from archived) as archived,
                   (select count(*) from requeued) as requeued,
                   (select count(*) from usage) as usage_buckets,
                   (select count(pg_notify('freshet_refreshed',
                               json_build_object('dataType', f.data_type, 'symbol', f.symbol, 'updatedAt', $1)::text))
                      from finished f where f.outcome = 'completed') as notified""";

    /**
     * Corrects a data type's size estimate towards what was actually read: the first observation
     * replaces a zero estimate, later ones move it by a fifth of the difference. Writes (and so
     * notifies config listeners) only when the estimate changes by more than a tenth.
     * $1 data type, $2 observed mean bytes.
     */
    public static final String CORRECT_ESTIMATE = """
            update data_type_registry
               set estimated_bytes = case when estimated_bytes = 0 then $2 else round(estimated_bytes * 0.8 + $2 * 0.2)::bigint end
             where data_type = $1 and $2 > 0
               and abs((case when estimated_bytes = 0 then $2 else round(estimated_bytes * 0.8 + $2 * 0.2) end) - estimated_bytes)
                   > greatest(estimated_bytes * 0.1, 1)""";

    private FinishSql() {
    }
}
