package dev.freshet.tracker.support;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.freshet.shared.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus ships its own mapper for mismatched JSON input (wrong types, unknown fields), which is
 * more specific than the shared problem mapper and answers plain JSON; this keeps such answers
 * application/problem+json like every other error.
 */
public class BodyProblems {

    private final ProblemMappers shared = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return shared.malformedJson(e, uri);
    }
}
