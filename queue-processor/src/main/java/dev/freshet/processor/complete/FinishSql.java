package dev.freshet.processor.complete;

import dev.freshet.shared.queue.JobSql;

/** Statements that end a claim: complete, fail, retry later or release, and settle usage. */
public final class FinishSql {

    /**
     * Ends many claims in one statement, on the database's clock. Per job (one element of each of the
     * arrays $1-$18, in the order of the columns of {@code input}; {@link FinishStatement#params}): outcome {@code completed} or {@code failed}
     * moves it to history; {@code retry} puts it back to pending retry_in_ms from now (or to history
     * as failed once its attempts are spent); {@code release} puts it back giving its attempt back;
     * {@code throttled} (answered 429) does the same and counts the throttle, and the $19-th throttle
     * of a job ends it failed instead; {@code not_found} (the provider has nothing for the symbol)
     * ends it failed and records the symbol in the negative cache ({@code symbol_not_found}: the
     * provider's base backoff, doubled per consecutive not-found answer up to its maximum, on the
     * database's clock), while a completed job clears its pair's entry;
     * {@code lost} (the claim was found lost) touches nothing; {@code dropped} (a ride-along pair
     * that did not complete) deletes the row without history. Only
     * rows still held by the claim (claimed_by, claim_attempts) are touched, found by their ids: a pending job is
     * claimed by nobody (a check of the table), so the claim held says the job runs, and a {@code status} condition
     * beside it let the planner walk every running job for each finished one (statistics gathered while the queue was
     * all pending count no running job: 47 ms to finish 100 with 800 running, 3.5 ms by id). Usage of the calls
     * actually made is settled per provider and minute of the call (call_age_ms before the statement
     * runs, never before claimed_at: a call comes after its claim, and a minute whose claims are over
     * must not be charged a call they did not count) whatever became of the job (a lost claim's call
     * was made all the same), into the minute's row of this connection's writer ({@code api_usage.writer} 1-16), so
     * finishes running at once lock rows of their own; each completed job notifies
     * {@code freshet_refreshed} (with the trace context it was queued under). The move to history is the queue's one ({@link JobSql#ARCHIVED}).
     * $1-$18 the jobs' results, one array per column (binary arrays: a jsonb document per job cost the
     * processor a JSON encoding and the database a parse of every key), $19 most throttles of one job.
     * Returns one row: archived, requeued, dropped, usage_buckets, not_found (entries recorded), found_again
     * (entries cleared), notified.
     */
    public static final String FINISH_JOBS = """
            with input as (
                select * from unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::bigint[], $6::text[],
                                     $7::int[], $8::bigint[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[],
                                     $14::bigint[], $15::timestamptz[], $16::int[], $17::int[], $18::text[])
                       as i(job_id, claimed_by, claim_attempts, outcome, retry_in_ms, error,
                            http_status, bytes, rows_written, fetch_ms, validate_ms, write_ms, calls,
                            call_age_ms, claimed_at, rate_limited, errors, provider)
            ), moved as (
                delete from refresh_jobs j using input i
                 where j.job_id = i.job_id and j.claimed_by = i.claimed_by and j.attempts = i.claim_attempts
                   and (i.outcome in ('completed', 'failed', 'not_found') or (i.outcome = 'retry' and j.attempts >= j.max_attempts)
                        or (i.outcome = 'throttled' and j.throttles + 1 >= $19))
                returning %s,
                          case when i.outcome = 'completed' then 'completed' else 'failed' end as final_status,
                          now() as finished_at,
                          case when i.outcome = 'completed' then i.error
                               when i.outcome = 'throttled' then 'gave up after ' || (j.throttles + 1) || ' rate-limited answers (HTTP 429)'
                               else coalesce(i.error, j.last_error) end as final_error,
                          i.http_status, i.bytes as actual_bytes, i.rows_written,
                          greatest(0, round(extract(epoch from j.claimed_at - greatest(j.enqueued_at, j.run_after)) * 1000))::int as queue_wait_ms,
                          i.fetch_ms, i.validate_ms, i.write_ms, i.outcome
            ), %s, requeued as (
                update refresh_jobs j
                   set status = 'pending', claimed_at = null, claimed_by = null, lease_expires_at = null,
                       reserved_calls = 0, reserved_bytes = 0,
                       attempts = case when i.outcome in ('release', 'throttled') then greatest(j.attempts - 1, 0) else j.attempts end,
                       throttles = j.throttles + case when i.outcome = 'throttled' then 1 else 0 end,
                       run_after = now() + make_interval(secs => coalesce(i.retry_in_ms, 0) / 1000.0),
                       last_error = coalesce(i.error, j.last_error)
                  from input i
                 where j.job_id = i.job_id and j.claimed_by = i.claimed_by and j.attempts = i.claim_attempts
                   and (i.outcome = 'release' or (i.outcome = 'retry' and j.attempts < j.max_attempts)
                        or (i.outcome = 'throttled' and j.throttles + 1 < $19))
                returning j.job_id
            ), dropped as (
                delete from refresh_jobs j using input i
                 where j.job_id = i.job_id and j.claimed_by = i.claimed_by and j.attempts = i.claim_attempts
                   and i.outcome = 'dropped'
                returning j.job_id
            ), usage as (
                -- the row of this connection's writer (1-16): the lock of a row every finish shared was held to each
                -- commit, and concurrent finishes waited for it in turn
                insert into api_usage as u (provider, bucket_start, writer, calls, bytes, rate_limited, errors)
                -- clock_timestamp, not now(): the transaction may have begun well before this statement, and the
                -- call's age was taken just before it ran
                select provider, date_trunc('minute', greatest(claimed_at, clock_timestamp() - make_interval(secs => call_age_ms / 1000.0))),
                       (1 + pg_backend_pid() %% 16)::smallint, sum(calls), sum(bytes), sum(rate_limited), sum(errors)
                from input where call_age_ms is not null
                group by 1, 2, 3
                on conflict (provider, bucket_start, writer) do update
                   set calls = u.calls + excluded.calls, bytes = u.bytes + excluded.bytes,
                       rate_limited = u.rate_limited + excluded.rate_limited, errors = u.errors + excluded.errors
                returning 1
            ), not_found as (
                insert into symbol_not_found as n (data_type, symbol, provider, not_found_until, http_status, last_error)
                select f.data_type, f.symbol, f.provider,
                       now() + make_interval(secs => coalesce(q.not_found_base_seconds, 900)), f.http_status, f.final_error
                  from moved f left join provider_quotas q on q.provider = f.provider
                 where f.outcome = 'not_found' and f.symbol <> '*'
                on conflict (data_type, symbol) do update
                   set streak = n.streak + 1, last_seen_at = now(), http_status = excluded.http_status,
                       last_error = excluded.last_error,
                       not_found_until = now() + make_interval(secs => (
                           select least(coalesce(q.not_found_max_seconds, 86400),
                                        coalesce(q.not_found_base_seconds, 900) * power(2, least(n.streak, 30)))
                             from (select 1) one left join provider_quotas q on q.provider = n.provider))
                returning 1
            ), found as (
                delete from symbol_not_found n using moved f
                 where f.outcome = 'completed' and n.data_type = f.data_type and n.symbol = f.symbol
                returning 1
            )
            select (select count(*) from archived) as archived,
                   (select count(*) from requeued) as requeued,
                   (select count(*) from dropped) as dropped,
                   (select count(*) from usage) as usage_buckets,
                   (select count(*) from not_found) as not_found,
                   (select count(*) from found) as found_again,
                   (select count(pg_notify('freshet_refreshed',
                               json_build_object('dataType', f.data_type, 'symbol', f.symbol, 'updatedAt', now(),
                                                 'traceParent', f.trace_parent)::text))
                      from moved f where f.outcome = 'completed') as notified"""
            .formatted(JobSql.MOVED_JOB_COLUMNS, JobSql.ARCHIVED);

    /**
     * Locks the queue rows of the claims still held, so no lease recovery nor other processor can
     * take them before this transaction ends; the finish writes data only for these. Job ids in
     * order, so concurrent finishes lock in one order. $1-$3 the first three arrays of {@link #FINISH_JOBS}
     * (job_id, claimed_by, claim_attempts). Returns job_id of each held claim.
     */
    public static final String LOCK_HELD_CLAIMS = """
            select j.job_id
              from refresh_jobs j
              join unnest($1::bigint[], $2::text[], $3::int[]) as i(job_id, claimed_by, claim_attempts) on i.job_id = j.job_id
             where j.claimed_by = i.claimed_by and j.attempts = i.claim_attempts
             order by j.job_id
               for update of j""";

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
