package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuBudgetTest {
    @Test
    void aRouteAtTheTargetAlreadyHasItsOwnCpuAsBudget() {
        assertThat(CpuBudget.forShareOfNginx(0.1, 0.2, 0.7, 0.7)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void spendingTheBudgetGivesTheTargetRateOnTheSameCores() {
        // A run of session 17: nginx 15,183 and gateway 9,467 requests/s; the gateway route's processes
        // spent 0.076 (emulator) + 0.104 (gateway) + 0.024 (load generator) ms per request.
        double own = 0.104, others = 0.076 + 0.024, all = own + others;
        double nginxRate = 15_183, rate = 9_467;
        double budget = CpuBudget.forShareOfNginx(own, all, rate / nginxRate, 0.70);
        assertThat(budget).isCloseTo(0.0817, within(0.0005));
        double cores = rate * all;                             // what the route used, in ms of CPU per ms
        double rateAtBudget = cores / (others + budget);
        assertThat(rateAtBudget / nginxRate).isCloseTo(0.70, within(1e-9));
    }

    @Test
    void aRouteAboveTheTargetMaySpendMore() {
        assertThat(CpuBudget.forShareOfNginx(0.077, 0.161, 0.7357, 0.70)).isGreaterThan(0.077);
    }

    @Test
    void impossibleInputsAreRefused() {
        assertThatThrownBy(() -> CpuBudget.forShareOfNginx(0.2, 0.1, 0.6, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuBudget.forShareOfNginx(-0.1, 0.1, 0.6, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuBudget.forShareOfNginx(0.1, 0.2, 0, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuBudget.forShareOfNginx(0.1, 0.2, 0.6, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuBudget.forShareOfNginx(Double.NaN, 0.2, 0.6, 0.7)).isInstanceOf(IllegalArgumentException.class);
    }
}
