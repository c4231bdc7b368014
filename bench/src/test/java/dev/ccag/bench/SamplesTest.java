package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void percentilesAreNearestRankOverAllSamples() {
        Samples s = new Samples();
        for (int i = 1000; i >= 1; i--) s.add(i); // unsorted on purpose, and past the initial capacity
        Samples.Summary sum = s.summary();
        assertThat(sum.count()).isEqualTo(1000);
        assertThat(sum.p50()).isEqualTo(500);
        assertThat(sum.p90()).isEqualTo(900);
        assertThat(sum.p99()).isEqualTo(990);
        assertThat(sum.p999()).isEqualTo(999);
        assertThat(sum.max()).isEqualTo(1000);
        assertThat(sum.mean()).isEqualTo(500);
    }

    @Test
    void mergingKeepsEverySample() {
        Samples a = new Samples();
        Samples b = new Samples();
        a.add(1);
        b.add(3);
        b.add(2);
        a.addAll(b);
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.summary().max()).isEqualTo(3);
    }

    @Test
    void emptySamplesSummariseToZero() {
        assertThat(new Samples().summary()).isEqualTo(new Samples.Summary(0, 0, 0, 0, 0, 0, 0));
    }
}
