package dev.freshet.benchmark;

import java.util.List;

/** One benchmark: measures our figure and its reference in the same run. */
public interface Scenario {

    String name();

    List<Result> run(BenchContext context) throws Exception;
}
