package dev.freshet.processor.tracing;

import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.shared.registry.DataType;
import dev.freshet.shared.tracing.TraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's spans, joined to the traces of the requests that queued the jobs (the
 * {@code traceparent} each job row carries): a claim span linked to every job it took, and per
 * planned call a span that continues the first job's trace (linked to the others'), with the upstream
 * call and the write as its children. Spans are given their parent explicitly, never through the
 * current context, because a call's work hops between event-loop callbacks.
 */
@ApplicationScoped
public class JobSpans {

    static final AttributeKey<Long> JOB_ID = AttributeKey.longKey("freshet.job_id");

    private final Tracer tracer;
    private final Map<String, URI> bases = new ConcurrentHashMap<>();

    public JobSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** One claim, from the database's claim time to its jobs' start here: linked to the trace of every job it took. */
    public void claimed(List<ClaimedJob> jobs, Instant startedAt) {
        if (jobs.isEmpty()) {
            return;
        }
        SpanBuilder b = tracer.spanBuilder("claim").setNoParent().setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(startedAt).setAttribute("freshet.jobs", jobs.size());
        jobs.forEach(j -> link(b, j));
        b.startSpan().end();
    }

    /** The span of one planned call: a child of its first traced job's request, linked to every job's. */
    public Span call(DataType dt, List<ClaimedJob> jobs) {
        String parent = jobs.stream().map(ClaimedJob::traceParent).filter(Objects::nonNull).findFirst().orElse(null);
        SpanBuilder b = tracer.spanBuilder("refresh " + dt.dataType()).setParent(TraceContext.parent(parent))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("freshet.data_type", dt.dataType())
                .setAttribute("freshet.provider", dt.provider())
                .setAttribute("freshet.jobs", jobs.size());
        if (jobs.size() == 1) {
            b.setAttribute("freshet.symbol", jobs.get(0).symbol()).setAttribute(JOB_ID, jobs.get(0).jobId());
        }
        jobs.forEach(j -> link(b, j));
        return b.startSpan();
    }

    /** A step of a call (the write of its results), a child of the call's span. */
    public Span step(Span call, String name) {
        return tracer.spanBuilder(name).setParent(Context.root().with(call)).startSpan();
    }

    /**
     * One upstream GET under the given parent; its query (which holds the API key) is never recorded.
     *
     * @param baseUrl the provider's base URL (parsed once per base URL, not per call)
     * @param pathAndQuery what follows the base URL
     */
    public Span upstream(Context parent, String provider, String baseUrl, String pathAndQuery) {
        URI base = bases.computeIfAbsent(baseUrl, URI::create);
        int query = pathAndQuery.indexOf('?');
        String path = stripSlash(String.valueOf(base.getRawPath())) + (query < 0 ? pathAndQuery : pathAndQuery.substring(0, query));
        return tracer.spanBuilder("GET").setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", "GET")
                .setAttribute("server.address", String.valueOf(base.getHost()))
                .setAttribute("url.path", path)
                .setAttribute("freshet.provider", provider)
                .startSpan();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Ends an upstream span with the provider's answer: its status, or the fault when there was none. */
    public static void answered(Span span, int status, String fault) {
        if (status > 0) {
            span.setAttribute("http.response.status_code", status);
        }
        if (fault != null || status >= 400 || status == 0) {
            span.setStatus(StatusCode.ERROR, fault == null ? "HTTP " + status : fault);
        }
        span.end();
    }

    private static void link(SpanBuilder b, ClaimedJob job) {
        SpanContext context = TraceContext.spanContext(job.traceParent());
        if (context.isValid()) {
            b.addLink(context, Attributes.of(JOB_ID, job.jobId()));
        }
    }
}
