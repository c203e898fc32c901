package dev.freshet.shared.problem;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @Test
    void textAndErrorListsAreBoundedWhateverTheInput() {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            errors.add("keyColumns[" + i + "] " + "x".repeat(1000));
        }
        Problem p = Problem.of(400, "Bad request", "d".repeat(100_000)).withErrors(errors).withInstance("/a\u0000b\ud800");
        assertThat(p.detail()).hasSizeLessThanOrEqualTo(Problem.MAX_TEXT + 1);
        assertThat(p.errors()).hasSize(Problem.MAX_ERRORS + 1).last().isEqualTo("… and 99980 more");
        assertThat(p.errors().getFirst()).hasSizeLessThanOrEqualTo(Problem.MAX_ERROR_TEXT + 1);
        assertThat(p.instance()).isEqualTo("/a\uFFFDb\uFFFD");
    }

    @Test
    void requestTargetsAreReadStrictly() {
        assertThat(RequestText.problem("/v1/data/profile/AAPL", "dataTypes=a,b&x=%C3%A9+y")).isNull();
        assertThat(RequestText.problem("/api/v1/registry/%00", null).detail()).isEqualTo("path segment 4 " + StorableText.RULE);
        assertThat(RequestText.problem("/a/%zz", null).detail()).isEqualTo("path segment 2 has a malformed percent-escape");
        assertThat(RequestText.problem("/a/%", null).detail()).isEqualTo("path segment 2 has a malformed percent-escape");
        assertThat(RequestText.problem("/a/%ED%A0%80", null).detail()).isEqualTo("path segment 2 is not valid UTF-8 once percent-decoded");
        assertThat(RequestText.problem("/a/dat\u00e9", null).detail()).startsWith("path segment 2 holds a raw character");
        assertThat(RequestText.problem("/a", "dataType=AB%00").detail()).isEqualTo("query parameter 'dataType' " + StorableText.RULE);
        assertThat(RequestText.problem("/a", "%C0%80=1").detail()).startsWith("a query parameter name is not valid UTF-8");
    }
}
