package dev.ccag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void smokeRunsUseSmokeCountsAndCheckEveryResponse() {
        BenchOptions o = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k", "--smoke"});
        assertThat(o.count(20_000, 100)).isEqualTo(100);
        assertThat(o.checkFirst()).isEqualTo(Integer.MAX_VALUE);
        assertThat(o.runs("small")).isTrue();
        assertThat(o.nginx()).isNull();
    }

    @Test
    void fullRunsScaleAndSelectWorkloads() {
        BenchOptions o = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k",
                "--scale=0.5", "--workloads=small,c64", "--clock-ticks=250"});
        assertThat(o.count(20_000, 100)).isEqualTo(10_000);
        assertThat(o.seconds(15, 2)).isEqualTo(7.5);
        assertThat(o.runs("c64")).isTrue();
        assertThat(o.runs("stream")).isFalse();
        assertThat(o.clockTicks()).isEqualTo(250);
    }

    @Test
    void theStreamsWorkloadRampsToTwoThousandByDefaultAndTakesItsParameters() {
        BenchOptions d = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k"});
        assertThat(d.streamLevels()).containsExactly(250, 500, 1000, 2000);
        assertThat(d.streamPaceMs()).isEqualTo(100);
        BenchOptions o = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k",
                "--stream-levels=10, 3000", "--stream-deltas=120", "--stream-pace-ms=25", "--stream-hold=30"});
        assertThat(o.streamLevels()).containsExactly(10, 3000);
        assertThat(o.streamDeltas()).isEqualTo(120);
        assertThat(o.streamPaceMs()).isEqualTo(25);
        assertThat(o.streamHoldSeconds()).isEqualTo(30);
    }

    @Test
    void theHeldWorkloadsEmulatorWaitsFiftyMillisecondsUnlessTold() {
        BenchOptions d = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k"});
        assertThat(d.heldWaitMs()).isEqualTo(50);
        assertThat(d.runs("c64-held")).isTrue();
        BenchOptions o = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k",
                "--held-wait-ms=200", "--workloads=c64-held"});
        assertThat(o.heldWaitMs()).isEqualTo(200);
        assertThat(o.runs("c64-held")).isTrue();
        assertThat(o.runs("c64")).as("the saturated workload is its own").isFalse();
    }

    @Test
    void theWarmUpsQuietWindowIsTheLastRoundUnlessTold() {
        BenchOptions d = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k"});
        assertThat(d.quietWindowSeconds()).isZero();
        BenchOptions o = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k", "--quiet-window=20"});
        assertThat(o.quietWindowSeconds()).isEqualTo(20);
    }

    @Test
    void theRoutesAreRequired() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--gateway=127.0.0.1:2", "--key=k"}))
                .hasMessageContaining("--direct=");
    }

    @Test
    void aSecondGatewayBecomesTheRouteGatewayBAfterTheFirstAndIsMeteredAsItsOwnProcess() {
        BenchOptions one = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k"});
        assertThat(one.gatewayB()).isNull();
        assertThat(new BenchContext(one, new Report()).routes()).extracting(Route::name).containsExactly("direct", "gateway");

        BenchOptions ab = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--nginx=127.0.0.1:3", "--gateway=127.0.0.1:2",
                "--gateway-b=127.0.0.1:4", "--gateway-b-pid=" + ProcessHandle.current().pid(), "--key=k"});
        BenchContext ctx = new BenchContext(ab, new Report());
        assertThat(ctx.routes()).extracting(Route::name).containsExactly("direct", "nginx", "gateway", "gateway-b");
        Route b = ctx.routes().getLast();
        assertThat(b.port()).isEqualTo(4);
        assertThat(b.anthropic()).as("called with the Messages API like the first gateway").isTrue();
        assertThat(ctx.process(Route.GATEWAY_B)).isNotNull();
    }

    @Test
    void theThroughputWorkloadsUseTheEventLoopClientUnlessThreadsAreAskedFor() {
        BenchOptions d = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k"});
        assertThat(d.client()).isEqualTo(LoadClient.EVENT_LOOP);
        BenchOptions t = BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k", "--client=threads"});
        assertThat(t.client()).isEqualTo(LoadClient.THREADS);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--direct=127.0.0.1:1", "--gateway=127.0.0.1:2", "--key=k", "--client=epoll"}))
                .hasMessageContaining("--client= must be event-loop or threads");
    }
}
