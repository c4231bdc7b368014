package dev.ccag.gateway.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The health state machine on a clock the test moves: window, threshold, cool-down, probing, back-off. */
class EndpointHealthTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HealthSettings settings = new HealthSettings(Duration.ofSeconds(10), 3, 0.5, Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofMillis(500), 2);
    private final EndpointHealth health = new EndpointHealth(settings, now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void failuresBelowTheThresholdOrTheRateKeepItHealthy() {
        for (int i = 0; i < 10; i++) health.success();
        assertThat(health.failure()).isFalse();
        assertThat(health.failure()).isFalse();
        health.success();
        assertThat(health.failure()).as("3 failures (not in a row) in 14 attempts is under the 50% rate").isFalse();
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.view().windowAttempts()).isEqualTo(14);
        assertThat(health.view().windowFailures()).isEqualTo(3);
    }

    @Test
    void failuresInARowTripItWhateverTheWindowHolds() {
        for (int i = 0; i < 100; i++) health.success();
        assertThat(health.failure()).isFalse();
        assertThat(health.failure()).isFalse();
        assertThat(health.failure()).as("3 in a row, though only 3 of 103 in the window").isTrue();
        assertThat(health.status()).isEqualTo(HealthStatus.COOLING_DOWN);
    }

    @Test
    void failuresOutsideTheRollingWindowAreForgotten() {
        health.failure();
        health.failure();
        health.success();
        advance(Duration.ofSeconds(11));
        assertThat(health.failure()).isFalse();
        assertThat(health.view().windowFailures()).isEqualTo(1);
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void failuresOnAndOffTripItOnTheWindowsRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(health.failure()).isFalse();
            if (i < 2) {
                health.success();
                health.success();
            }
        }
        assertThat(health.view().windowFailures()).as("3 failures in 7 attempts: under the rate").isEqualTo(3);
        assertThat(health.failure()).as("4 failures in 8 attempts, 2 in a row: past threshold and rate").isTrue();
    }

    @Test
    void passingTheThresholdCoolsDownThenProbesThenRecovers() {
        assertThat(health.failure()).isFalse();
        assertThat(health.failure()).isFalse();
        assertThat(health.failure()).as("the third failure trips it, and says so once").isTrue();
        assertThat(health.failure()).isFalse();
        assertThat(health.status()).isEqualTo(HealthStatus.COOLING_DOWN);
        assertThat(health.tryProbe()).isFalse();
        assertThat(health.view().coolingNanosLeft()).isEqualTo(Duration.ofSeconds(2).toNanos());

        advance(Duration.ofMillis(1999));
        assertThat(health.status()).isEqualTo(HealthStatus.COOLING_DOWN);
        advance(Duration.ofMillis(1));
        assertThat(health.status()).isEqualTo(HealthStatus.PROBING);

        // a little traffic: one probe per interval
        assertThat(health.tryProbe()).isTrue();
        assertThat(health.tryProbe()).isFalse();
        advance(Duration.ofMillis(500));
        assertThat(health.tryProbe()).isTrue();

        health.success();
        assertThat(health.status()).as("one success of two needed").isEqualTo(HealthStatus.PROBING);
        health.success();
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.view().windowFailures()).as("old failures do not count against it once trusted again").isZero();
        assertThat(health.failure()).isFalse();
    }

    @Test
    void aFailedProbeCoolsDownAgainForTwiceAsLongUpToTheMaximum() {
        for (int i = 0; i < 3; i++) health.failure();
        advance(Duration.ofSeconds(2));
        assertThat(health.status()).isEqualTo(HealthStatus.PROBING);
        assertThat(health.failure()).isTrue();
        assertThat(health.status()).isEqualTo(HealthStatus.COOLING_DOWN);
        assertThat(health.view().coolingNanosLeft()).isEqualTo(Duration.ofSeconds(4).toNanos());

        advance(Duration.ofSeconds(4));
        assertThat(health.status()).isEqualTo(HealthStatus.PROBING);
        assertThat(health.failure()).isTrue();
        assertThat(health.view().coolingNanosLeft()).as("capped at max-cooldown").isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void aSuccessInBetweenResetsTheProbeCount() {
        for (int i = 0; i < 3; i++) health.failure();
        advance(Duration.ofSeconds(2));
        health.success();
        assertThat(health.status()).isEqualTo(HealthStatus.PROBING);
        health.failure();
        assertThat(health.status()).isEqualTo(HealthStatus.COOLING_DOWN);
        advance(Duration.ofSeconds(4));
        health.success();
        assertThat(health.status()).as("successes must be in a row").isEqualTo(HealthStatus.PROBING);
    }
}
