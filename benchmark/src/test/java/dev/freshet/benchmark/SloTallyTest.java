package dev.freshet.benchmark;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class SloTallyTest {

    @Test
    void aSampleSumsTheDataTypesOfATierAndThePooledAttainmentWeighsEveryPairSample() {
        SloTally slo = new SloTally();
        // sample 1: standard = profile 10/8 + ratios 10/6 -> 14/20; critical 50/50
        slo.add("critical", 50, 50);
        slo.add("standard", 10, 8);
        slo.add("standard", 10, 6);
        slo.endSample();
        // sample 2: standard 20/20; critical 50/25; low has nobody viewing -> no share
        slo.add("critical", 50, 25);
        slo.add("standard", 20, 20);
        slo.add("low", 0, 0);
        slo.endSample();

        assertThat(slo.shares("critical")).containsExactly(1.0, 0.5);
        assertThat(slo.shares("standard")).containsExactly(0.7, 1.0);
        assertThat(slo.shares("low")).isEmpty();
        assertThat(slo.pooled("critical")).isEqualTo(0.75);
        assertThat(slo.pooled("standard")).isCloseTo(34.0 / 40, offset(1e-12));
        assertThat(slo.pooled("low")).isNaN();
        assertThat(slo.viewedPairSamples("standard")).isEqualTo(40);
        assertThat(slo.tiers()).containsExactly("critical", "standard");
        assertThat(Result.Summary.of(slo.shares("standard")).min()).isEqualTo(0.7);
    }

    @Test
    void samplesArePooledByTheirPlaceInACycle() {
        SloTally slo = new SloTally(2);
        slo.add("low", 10, 4);
        slo.endSample();
        slo.add("low", 10, 10);
        slo.endSample();
        slo.add("low", 30, 6);
        slo.add("critical", 5, 5);
        slo.endSample();

        // places 0: samples 1 and 3 (10 of 40 fresh), 1: sample 2 (10 of 10); critical was viewed at place 0 only
        assertThat(slo.pooledByPhase("low")).containsExactly(0.25, 1.0);
        assertThat(slo.pooledByPhase("critical")).containsExactly(1.0, Double.NaN);
        assertThat(slo.pooled("low")).isCloseTo(20.0 / 50, offset(1e-12));
        assertThatThrownBy(() -> new SloTally(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moreFreshThanViewedIsRefused() {
        assertThatThrownBy(() -> new SloTally().add("critical", 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SloTally().add("critical", 4, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStalePairSamplesAreSplitByWhetherThePairWasStaleWhenFirstViewed() {
        SloTally slo = new SloTally();
        slo.add("standard", 10, 6, 3);
        slo.add("standard", 10, 10, 0);
        slo.add("critical", 5, 5, 0);
        slo.endSample();
        slo.add("standard", 10, 8, 0);
        slo.endSample();

        // 30 viewed, 24 fresh: of the 6 stale, 3 were stale when first viewed
        assertThat(slo.staleWhenFirstViewed("standard")).isEqualTo(0.5);
        assertThat(slo.staleWhenFirstViewed("critical")).isNaN();
        assertThat(slo.pooled("standard")).isEqualTo(0.8);
    }

    @Test
    void zipfProbabilitiesSumToOneFallWithRankAndSamplesFollowThem() {
        Zipf zipf = new Zipf(400, 1.0);
        double sum = 0;
        for (int k = 0; k < 400; k++) {
            sum += zipf.probability(k);
        }
        assertThat(sum).isCloseTo(1.0, offset(1e-9));
        assertThat(zipf.probability(0)).isCloseTo(2 * zipf.probability(1), offset(1e-12));
        int[] hits = new int[400];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            hits[zipf.sample(random)]++;
        }
        assertThat(hits[0] / 100_000.0).isCloseTo(zipf.probability(0), offset(0.01));
        assertThat(hits[0]).isGreaterThan(hits[9]).isGreaterThan(0);
        assertThat(List.of(hits[399])).isNotNull();
    }
}
