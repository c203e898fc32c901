package dev.freshet.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * The edge of every service's HTTP server. Before any other handler it refuses what must not reach
 * the application (ambiguous framing, oversized targets, headers and bodies, text PostgreSQL cannot
 * store in the path or query); and it answers every failure of the HTTP layer itself (routing, body
 * limits, undecodable paths) with the same problem+json the resources use. Rejections that leave the
 * connection's framing in doubt close it.
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /**
     * Quarkus's root handler refuses a target {@link URI} cannot parse with a bare 400 before any route
     * runs, unless the JVM starts with this property; the screen below makes the same check (and
     * stricter ones) and answers with a problem instead.
     */
    static final String URI_VALIDATION_OFF = "vertx.disableURIValidation";
    private static final List<Integer> ROUTER_STATUSES = List.of(400, 404, 405, 413, 414, 415, 431, 500);

    private final HttpEdgeConfig config;
    private final ObjectMapper json;

    public HttpEdge(HttpEdgeConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void onRouter(@Observes Router router) {
        if (!Boolean.getBoolean(URI_VALIDATION_OFF)) {
            LOG.infof("Quarkus answers request targets java.net.URI cannot parse with a bare 400; start the JVM with -D%s=true"
                    + " to have them answered with a problem (the same check is made here)", URI_VALIDATION_OFF);
        }
        install(router);
    }

    void onManagementInterface(@Observes ManagementInterface management) {
        install(management.router());
    }

    private void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        for (int status : ROUTER_STATUSES) {
            router.errorHandler(status, ctx -> answer(ctx, StatusProblems.of(status, ctx.request().path(), null), status != 404 && status != 405));
        }
    }

    private void screen(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        MultiMap headers = request.headers();
        String path = request.path();
        Problem refused = null;
        if (headers.contains(HttpHeaders.TRANSFER_ENCODING)) {
            refused = Problem.of(400, "Bad Request", "Transfer-Encoding is not accepted on requests; send the body with Content-Length");
        } else if (headers.getAll(HttpHeaders.CONTENT_LENGTH).size() > 1) {
            refused = Problem.of(400, "Bad Request", "Content-Length is given more than once");
        } else if (request.uri().length() > config.maxUriLength()) {
            refused = Problem.of(414, "URI Too Long", "the request target is longer than " + config.maxUriLength() + " characters");
        } else if (headerBytes(headers) > config.maxHeaderBytes()) {
            refused = Problem.of(431, "Request Header Fields Too Large", "the request headers are larger than " + config.maxHeaderBytes() + " bytes");
        } else {
            refused = bodyTooLarge(headers.get(HttpHeaders.CONTENT_LENGTH));
        }
        if (refused == null) {
            refused = RequestText.problem(path, request.query());
        }
        if (refused == null && !parses(request.uri())) {
            refused = Problem.of(400, "Bad Request", "the request target is not a valid URI");
        }
        if (refused != null) {
            answer(ctx, refused.withInstance(path), true);
        } else {
            ctx.next();
        }
    }

    private static boolean parses(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Problem bodyTooLarge(String contentLength) {
        if (contentLength == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return Problem.of(400, "Bad Request", "Content-Length is not a number");
        }
        long max = config.maxBodySize().asLongValue();
        return length > max ? Problem.of(413, "Content Too Large", "the request body is larger than " + max + " bytes") : null;
    }

    private static long headerBytes(MultiMap headers) {
        long n = 0;
        for (Map.Entry<String, String> h : headers) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }

    private void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure != null && securityOwned(failure)) {
            ctx.next();
            return;
        }
        int status = failure instanceof HttpException h ? h.getStatusCode()
                : failure instanceof JsonProcessingException || failure instanceof io.vertx.core.json.DecodeException ? 400
                : ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.errorf(failure, "unexpected failure on %s", ctx.request().path());
        }
        answer(ctx, StatusProblems.of(status, ctx.request().path(), null), status == 400 || status == 413 || status >= 500);
    }

    /** Authentication and authorization failures carry their own challenge; the security layer answers them. */
    private static boolean securityOwned(Throwable failure) {
        String name = failure.getClass().getName();
        return name.startsWith("io.quarkus.security.") || name.startsWith("io.quarkus.vertx.http.runtime.security.");
    }

    private void answer(RoutingContext ctx, Problem problem, boolean closeHttp1) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        // HTTP/2 frames each stream on its own: ending (or resetting) the stream is enough, and closing the
        // connection would fail every other stream multiplexed on it; a Connection header is forbidden there
        boolean close = closeHttp1 && ctx.request().version() != HttpVersion.HTTP_2;
        if (response.headWritten()) {
            if (ctx.request().version() == HttpVersion.HTTP_2) {
                response.reset();
            } else {
                ctx.request().connection().close();
            }
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem.instance() == null ? problem.withInstance(ctx.request().path()) : problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem could not be written", e);
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Buffer.buffer(body)).onComplete(done -> {
            if (close) {
                ctx.request().connection().close();
            }
        });
    }
}
