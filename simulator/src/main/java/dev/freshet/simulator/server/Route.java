package dev.freshet.simulator.server;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One imitated endpoint: the path it answers, how it builds its answer and what its "no results" answer is
 * (used by the empty-results knob).
 */
public record Route(String endpoint, Api api, Pattern path, Function<ApiRequest, Object> answer,
        Function<ApiRequest, Object> emptyAnswer) {

    /** The path parameters when the path is this route's, else null. */
    public List<String> match(String requestPath) {
        Matcher matcher = path.matcher(requestPath);
        if (!matcher.matches()) {
            return null;
        }
        String[] groups = new String[matcher.groupCount()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = matcher.group(i + 1);
        }
        return List.of(groups);
    }
}
