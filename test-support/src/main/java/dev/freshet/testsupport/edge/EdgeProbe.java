package dev.freshet.testsupport.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.testsupport.DatabaseCoordinates;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs a {@link BadRequestCorpus} over real HTTP against a running service and checks every answer:
 * a 4xx with an application/problem+json body that is a small JSON object (or a 2xx where the
 * generated request happens to be valid), within a hang-detecting deadline, and, for every rejected
 * request, the same database afterwards as before. Failures name the seed to replay them.
 */
public final class EdgeProbe {

    /** A hang detector, not a performance bound. */
    public static final Duration DEADLINE = Duration.ofSeconds(15);
    /** Problem bodies are short whatever the input was. */
    public static final int MAX_PROBLEM_BYTES = 8192;
    /** The seed used unless {@code -Dfreshet.edge.seed=N} asks for another (to replay a failure, or explore). */
    public static final long DEFAULT_SEED = 20261203L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private EdgeProbe() {
    }

    public static long seed() {
        return Long.getLong("freshet.edge.seed", DEFAULT_SEED);
    }

    /** @return how many answers were 4xx problems (the rest were 2xx) */
    public static int run(int port, BadRequestCorpus corpus, int count, DatabaseCoordinates db, Set<String> ignoredTables) {
        long seed = seed();
        List<RawRequest> requests = corpus.generate(seed, count);
        List<String> failures = new ArrayList<>();
        int problems = 0;
        try (DatabaseSnapshot snapshot = new DatabaseSnapshot(db, ignoredTables)) {
            String before = snapshot.take();
            for (int i = 0; i < requests.size(); i++) {
                RawRequest r = requests.get(i);
                RawHttp.Answer a = RawHttp.exchange(port, r.bytes(), DEADLINE, false);
                String fault = fault(a);
                String after = snapshot.take();
                if (fault == null && a.status() >= 400 && !after.equals(before)) {
                    fault = "rejected, yet the database changed (" + DatabaseSnapshot.changedTables(before, after) + ")";
                }
                if (fault != null && failures.size() < 25) {
                    failures.add("#" + i + " [" + r.label() + "] " + r.excerpt() + "\n      -> " + fault + "; " + a.summary());
                } else if (fault != null) {
                    failures.add("#" + i);
                }
                if (a.status() >= 400) {
                    problems++;
                }
                before = after;
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + count + " generated requests were not answered as they should be"
                    + " (replay with -Dfreshet.edge.seed=" + seed + "):\n  " + String.join("\n  ", failures));
        }
        return problems;
    }

    /** @return what is wrong with an answer, or null when it is a proper answer */
    public static String fault(RawHttp.Answer a) {
        if (a.timedOut()) {
            return "no answer within " + DEADLINE.toSeconds() + " s";
        }
        if (a.status() >= 200 && a.status() < 300) {
            return null;
        }
        if (a.status() < 400 || a.status() >= 500) {
            return "status " + a.status() + " is neither 2xx nor 4xx";
        }
        String type = a.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "content type " + type + " is not application/problem+json";
        }
        if (a.body().length > MAX_PROBLEM_BYTES) {
            return "problem body of " + a.body().length + " bytes";
        }
        try {
            JsonNode body = JSON.readTree(a.body());
            if (body == null || !body.isObject()) {
                return "problem body is not a JSON object";
            }
            if (body.path("status").asInt() != a.status()) {
                return "problem status " + body.path("status") + " differs from the answer's";
            }
        } catch (IOException e) {
            return "problem body is not JSON: " + e.getMessage();
        }
        return null;
    }
}
