-- The W3C trace context (traceparent) of the request that queued a job, so the processor's spans
-- for it join that request's trace. Null when tracing is off or the job came from no traced request.
alter table refresh_jobs add column trace_parent text;
