package dev.freshet.benchmark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SamplesTest {

    @Test
    void percentilesUseTheNearestRankOfTheSortedSample() {
        List<Double> hundred = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) (101 - i)).toList();
        assertThat(Samples.percentileOf(hundred, 50)).isEqualTo(50.0);
        assertThat(Samples.percentileOf(hundred, 95)).isEqualTo(95.0);
        assertThat(Samples.percentileOf(hundred, 99)).isEqualTo(99.0);
        assertThat(Samples.percentileOf(hundred, 100)).isEqualTo(100.0);
        assertThat(Samples.percentileOf(List.of(7.0), 99)).isEqualTo(7.0);
        assertThat(Samples.percentileOf(List.of(), 50)).isNaN();
    }

    @Test
    void aSummaryReportsTheMedianAndTheSpreadOfItsRunsAndTheRatioToTheReference() {
        Result.Summary ours = Result.Summary.of(List.of(300.0, 100.0, 200.0));
        assertThat(ours.median()).isEqualTo(200.0);
        assertThat(ours.min()).isEqualTo(100.0);
        assertThat(ours.max()).isEqualTo(300.0);
        Result result = new Result("s", "v", "m", "jobs/s", ours, Result.Summary.of(List.of(400.0)), "raw", "");
        assertThat(result.ratio()).isEqualTo(0.5);
        assertThat(Table.render(List.of(result))).contains("200 [100–300]").contains("0.50");
    }
}
