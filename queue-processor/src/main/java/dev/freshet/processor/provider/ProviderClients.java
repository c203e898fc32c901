package dev.freshet.processor.provider;

import dev.freshet.processor.config.ProcessorConfig;
import dev.freshet.shared.handler.Upstream;
import dev.freshet.shared.handler.UpstreamResponse;
import dev.freshet.shared.notify.ConfigChanges;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.core.buffer.Buffer;
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
    private final MeterRegistry meters;
    private final Map<String, ProviderSettings> settings = new ConcurrentHashMap<>();
    private final Map<String, AsyncLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, WebClient> clients = new ConcurrentHashMap<>();

    public ProviderClients(Vertx vertx, Pool pool, ProcessorConfig config, ApiKeys keys, ConfigChanges changes,
                           Clock clock, MeterRegistry meters) {
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

    public Upstream upstream(String provider) {
        return new ProviderUpstream(provider);
    }

    private WebClient client(String provider) {
        return clients.computeIfAbsent(provider, p -> WebClient.create(vertx, new WebClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(settings(p).maxConcurrency(), 1))
                .setTryUseCompression(true)
                .setFollowRedirects(false)
                .setUserAgent("freshet-processor")));
    }

    void onStop(@Observes ShutdownEvent event) {
        clients.values().forEach(WebClient::close);
        clients.clear();
    }

    private final class ProviderUpstream implements Upstream {

        private final String provider;

        ProviderUpstream(String provider) {
            this.provider = provider;
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
            return limiter.run(() -> call(url, timeout));
        }

        private Uni<UpstreamResponse> call(String url, Duration timeout) {
            Instant start = clock.instant();
            long t0 = System.nanoTime();
            return client(provider).getAbs(url).timeout(timeout.toMillis()).send()
                    // the client's timeout is an idle timeout: this bounds the whole exchange
                    .ifNoItem().after(timeout.plusMillis(250)).failWith(() -> new java.util.concurrent.TimeoutException("no response within " + timeout.toMillis() + " ms"))
                    .map(r -> response(r, start, t0))
                    .onFailure().recoverWithItem(e -> failure(e, timeout, start, t0));
        }

        private UpstreamResponse response(HttpResponse<Buffer> r, Instant start, long t0) {
            byte[] body = r.body() == null ? new byte[0] : r.body().getBytes();
            meters.counter("freshet_upstream_responses_total", "provider", provider, "status", Integer.toString(r.statusCode())).increment();
            meters.counter("freshet_upstream_bytes_total", "provider", provider).increment(body.length);
            return new UpstreamResponse(r.statusCode(), body, retryAfter(r.getHeader("Retry-After")), null, false, start,
                    Duration.ofNanos(System.nanoTime() - t0));
        }

        private UpstreamResponse failure(Throwable e, Duration timeout, Instant start, long t0) {
            boolean timedOut = e instanceof java.util.concurrent.TimeoutException
                    || e.getClass().getName().contains("Timeout")
                    || String.valueOf(e.getMessage()).toLowerCase().contains("timeout");
            String message = timedOut ? "timed out after " + timeout.toMillis() + " ms"
                    : "connection error: " + keys.redact(provider, String.valueOf(e.getMessage()));
            meters.counter("freshet_upstream_responses_total", "provider", provider, "status", timedOut ? "timeout" : "error").increment();
            return new UpstreamResponse(0, new byte[0], null, message, timedOut, start, Duration.ofNanos(System.nanoTime() - t0));
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

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
