package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuietWindowTest {
    @Test
    void withoutAWindowTheNewestRoundAloneCounts() {
        QuietWindow w = new QuietWindow(0);
        assertThat(w.share()).as("no round yet").isEqualTo(1);
        w.add(1.0, 0.5);
        assertThat(w.share()).isCloseTo(0.5, within(1e-9));
        w.add(2.0, 0.02);
        assertThat(w.share()).as("the burst before is forgotten").isCloseTo(0.01, within(1e-9));
    }

    @Test
    void aQuietRoundBetweenTwoBurstsDoesNotEndAWindow() {
        QuietWindow w = new QuietWindow(3);
        w.add(1.0, 0.3);
        w.add(1.0, 0.0);
        assertThat(w.share()).as("two seconds of rounds do not span three").isEqualTo(1);
        w.add(1.0, 0.0);
        assertThat(w.share()).as("the burst two rounds ago still counts").isCloseTo(0.1, within(1e-9));
        w.add(1.0, 0.0);
        assertThat(w.share()).as("three quiet seconds").isZero();
        w.add(1.0, 0.09);
        assertThat(w.share()).isCloseTo(0.03, within(1e-9));
    }

    @Test
    void theWindowKeepsTheNewestRoundsThatSpanIt() {
        QuietWindow w = new QuietWindow(2);
        w.add(0.5, 0.5);
        w.add(1.5, 0.0);
        assertThat(w.share()).as("both rounds needed for two seconds").isCloseTo(0.25, within(1e-9));
        w.add(0.5, 0.0);
        assertThat(w.share()).as("still both newest needed: 1.5 + 0.5").isZero();
        w.add(3.0, 0.3);
        assertThat(w.share()).as("one long round spans the window alone").isCloseTo(0.1, within(1e-9));
    }

    @Test
    void theBusiestGatewayDecides() {
        QuietWindow w = new QuietWindow(0);
        w.add(1.0, 0.01, 0.2);
        assertThat(w.share()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> new QuietWindow(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
