package dev.freshet.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Turns every failure into an application/problem+json answer: expected ones with their status
 * and a useful detail, unexpected ones as 500 with the cause in the log only.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder b = respond(e.toProblem(), uri);
        if (e.retryAfter() != null) {
            b.header("Retry-After", Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "unknown field '" + u.getPropertyName() + "'";
        } else if (e instanceof InvalidFormatException f) {
            detail = "field '" + path(f) + "' has an invalid value";
        } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            detail = "field '" + path(m) + "' has the wrong type";
        } else {
            detail = "the request body is not valid JSON";
        }
        return respond(Problem.of(400, "Malformed request body", detail), uri).build();
    }

    /**
     * Quarkus ships a mapper for this subtype (unknown fields, wrong types) that answers plain JSON;
     * naming the subtype here makes ours the more specific one.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException j) {
            return malformedJson(j, uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = status == 404 ? "no resource at " + uri.getPath()
                : status == 405 ? "method not allowed on " + uri.getPath()
                : status == 415 ? "unsupported media type; send application/json"
                : e.getMessage();
        return respond(Problem.of(status, title, detail), uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(Problem.of(500, "Internal error", "the request could not be completed; the cause is logged"), uri).build();
    }

    private static Response.ResponseBuilder respond(Problem p, UriInfo uri) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p.withInstance(uri.getPath()));
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
