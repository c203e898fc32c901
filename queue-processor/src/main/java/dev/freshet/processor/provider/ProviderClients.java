package dev.freshet.processor.provider;

import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.processor.tracing.JobSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import dev.freshet.shared.handler.Upstream;
import dev.freshet.shared.handler.UpstreamResponse;
import dev.freshet.shared.notify.ConfigChanges;
import dev.freshet.processor.metrics.HotMeters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP client setup per provider: base URL from configuration, key from the environment,
 * concurrency and timeout from provider_quotas (reloaded when quotas change).
 */
@ApplicationScoped
public class ProviderClients {

    private static final Logger LOG = Logger.getLogger(ProviderClients.class);
    static final String SELECT_SETTINGS = "select provider, max_concurrency, request_timeout_ms from provider_quotas";

    private final Vertx vertx;
    private final Pool pool;
    private final ProcessorConfig config;
    private final ApiKeys keys;
    private final ConfigChanges changes;
    private final Clock clock;
    private final HotMeters meters;
    private final JobSpans spans;
    private final Map<String, ProviderSettings> settings = new ConcurrentHashMap<>();
    private final Map<String, AsyncLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public ProviderClients(Vertx vertx, Pool pool, ProcessorConfig config, ApiKeys keys, ConfigChanges changes,
                           Clock clock, HotMeters meters, JobSpans spans) {
        this.spans = spans;
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.keys = keys;
        this.changes = changes;
        this.clock = clock;
        this.meters = meters;
    }

    void onStart(@Observes StartupEvent event) {
        changes.of("provider_quotas").onItem().transformToUniAndConcatenate(t -> reload()
                        .onFailure().invoke(e -> LOG.warnf("provider settings reload failed: %s", e.getMessage()))
                        .onFailure().recoverWithNull())
                .subscribe().with(x -> { });
        reload().await().atMost(Duration.ofSeconds(30));
    }

    public Uni<Void> reload() {
        return pool.query(SELECT_SETTINGS).execute().map(rows -> {
            for (Row r : rows) {
                ProviderSettings s = new ProviderSettings(r.getString("provider"), r.getInteger("max_concurrency"),
                        Duration.ofMillis(r.getInteger("request_timeout_ms")));
                settings.put(s.provider(), s);
                AsyncLimiter limiter = limiters.get(s.provider());
                if (limiter != null) {
                    limiter.limit(s.maxConcurrency());
                }
            }
            return null;
        });
    }

    public ProviderSettings settings(String provider) {
        return settings.getOrDefault(provider, ProviderSettings.defaults(provider));
    }

    public Optional<String> baseUrl(String provider) {
        ProcessorConfig.Provider p = config.providers().get(provider);
        return p != null ? Optional.of(p.baseUrl()) : config.processor().defaultBaseUrl();
    }

    /** The provider's API for one call's work; its requests are spans under {@code parent}. */
    public Upstream upstream(String provider, Context parent) {
        return new ProviderUpstream(provider, parent);
    }

    private HttpClient client(String provider) {
        return clients.computeIfAbsent(provider, p -> vertx.getDelegate().createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                // redirects are not followed: RequestOptions' default
                .setTryUseCompression(true), new PoolOptions().setHttp1MaxSize(Math.max(settings(p).maxConcurrency(), 1))));
    }

    /** Largest body read from the provider, decompressed. */
    long maxResponseBytes(String provider) {
        ProcessorConfig.Provider p = config.providers().get(provider);
        return p == null ? config.processor().maxResponseBytes() : p.maxResponseBytes().orElse(config.processor().maxResponseBytes());
    }

    void onStop(@Observes ShutdownEvent event) {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }

    private final class ProviderUpstream implements Upstream {

        private final String provider;
        private final Context parent;

        ProviderUpstream(String provider, Context parent) {
            this.provider = provider;
            this.parent = parent;
        }

        @Override
        public String provider() {
            return provider;
        }

        @Override
        public Uni<UpstreamResponse> get(String pathAndQuery) {
            Optional<String> base = baseUrl(provider);
            if (base.isEmpty()) {
                return Uni.createFrom().item(new UpstreamResponse(0, new byte[0], null,
                        "no base URL configured for provider " + provider + " (freshet.providers.\"" + provider + "\".base-url)",
                        false, clock.instant(), Duration.ZERO));
            }
            String key = keys.key(provider).orElse("");
            String url = stripSlash(base.get()) + pathAndQuery.replace("{apiKey}", URLEncoder.encode(key, StandardCharsets.UTF_8));
            AsyncLimiter limiter = limiters.computeIfAbsent(provider, p -> new AsyncLimiter(settings(p).maxConcurrency()));
            Duration timeout = settings(provider).requestTimeout();
            return limiter.run(() -> call(url, timeout, base.get(), pathAndQuery));
        }

        private Uni<UpstreamResponse> call(String url, Duration timeout, String base, String pathAndQuery) {
            Span span = spans.upstream(parent, provider, base, pathAndQuery);
            Instant start = clock.instant();
            long t0 = System.nanoTime();
            return Uni.createFrom().deferred(() -> UniHelper.toUni(exchange(url, timeout, maxResponseBytes(provider))))
                    // the idle timeout of the request does not bound a slowly trickling body: this bounds the whole exchange
                    .ifNoItem().after(timeout.plusMillis(250)).failWith(() -> new java.util.concurrent.TimeoutException("no response within " + timeout.toMillis() + " ms"))
                    .map(r -> response(r, start, t0))
                    .onFailure().recoverWithItem(e -> failure(e, timeout, start, t0))
                    .invoke(r -> JobSpans.answered(span, r.status(), r.failure()));
        }

        /**
         * One GET, the body read chunk by chunk (decompressed as it arrives) and cut off, the
         * connection reset, as soon as it passes the limit, so an oversize answer or a gzip bomb never
         * sits whole in memory.
         */
        private Future<Answer> exchange(String url, Duration timeout, long limit) {
            java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
            // a pooled connection the provider closed while it sat idle fails the next request before any answer:
            // that request never reached the provider, so it is sent once more on a new connection (as browsers
            // do) instead of failing the call and counting against the provider's circuit
            return exchange(url, timeout, limit, answered).recover(e -> !answered.get() && e instanceof io.vertx.core.http.HttpClosedException
                    ? exchange(url, timeout, limit, new java.util.concurrent.atomic.AtomicBoolean())
                    : Future.failedFuture(e));
        }

        private Future<Answer> exchange(String url, Duration timeout, long limit, java.util.concurrent.atomic.AtomicBoolean answered) {
            Promise<Answer> done = Promise.promise();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                    .setIdleTimeout(timeout.toMillis()).putHeader("User-Agent", "freshet-processor");
            client(provider).request(options).onFailure(done::tryFail).onSuccess(request -> request.send()
                    .onFailure(done::tryFail)
                    .onSuccess(response -> {
                        answered.set(true);
                        // a declared length (an uncompressed answer; the decompressor drops it otherwise) refuses at once
                        long declared = parseLength(response.getHeader("Content-Length"));
                        if (declared > limit) {
                            // answered before the reset, whose connection error must not turn this into a fault
                            done.tryComplete(Answer.tooLarge(response.statusCode(),
                                    "response of " + declared + " bytes is over the limit of " + limit + " bytes"));
                            request.reset();
                            return;
                        }
                        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
                        response.handler(chunk -> {
                            if (done.future().isComplete()) {
                                return;
                            }
                            if (body.length() + (long) chunk.length() > limit) {
                                done.tryComplete(Answer.tooLarge(response.statusCode(),
                                        "response body over the limit of " + limit + " bytes (decompressed)"));
                                request.reset();
                                return;
                            }
                            body.appendBuffer(chunk);
                        });
                        response.exceptionHandler(done::tryFail);
                        response.endHandler(v -> done.tryComplete(new Answer(response.statusCode(), body.getBytes(),
                                response.getHeader("Retry-After"), null)));
                    }));
            return done.future();
        }

        private UpstreamResponse response(Answer r, Instant start, long t0) {
            meters.counter("freshet_upstream_responses_total", "provider", provider, "status", Integer.toString(r.status())).increment();
            meters.counter("freshet_upstream_bytes_total", "provider", provider).increment(r.body().length);
            if (r.refused() != null) {
                LOG.infof("%s: %s; the call's jobs fail", provider, r.refused());
            }
            return new UpstreamResponse(r.status(), r.body(), retryAfter(r.retryAfter()), r.refused(), false, start,
                    latency(t0, "response"));
        }

        private UpstreamResponse failure(Throwable e, Duration timeout, Instant start, long t0) {
            boolean timedOut = e instanceof java.util.concurrent.TimeoutException
                    || e.getClass().getName().contains("Timeout")
                    || String.valueOf(e.getMessage()).toLowerCase().contains("timeout");
            String message = timedOut ? "timed out after " + timeout.toMillis() + " ms"
                    : "connection error: " + keys.redact(provider, String.valueOf(e.getMessage()));
            meters.counter("freshet_upstream_responses_total", "provider", provider, "status", timedOut ? "timeout" : "error").increment();
            return new UpstreamResponse(0, new byte[0], null, message, timedOut, start, latency(t0, timedOut ? "timeout" : "error"));
        }

        /** The call's time, recorded in freshet_upstream_latency{provider,outcome} (response, timeout, error). */
        private Duration latency(long t0, String outcome) {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            meters.timer("freshet_upstream_latency", "provider", provider, "outcome", outcome).record(took);
            return took;
        }

        private Duration retryAfter(String header) {
            if (header == null || header.isBlank()) {
                return null;
            }
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(clock.instant(), at.toInstant());
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (RuntimeException ignored) {
                    return null;
                }
            }
        }
    }

    /** What came back: status, the body read, Retry-After, and why the body was refused unread (or null). */
    private record Answer(int status, byte[] body, String retryAfter, String refused) {
        static Answer tooLarge(int status, String why) {
            return new Answer(status, new byte[0], null, why);
        }
    }

    private static long parseLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
