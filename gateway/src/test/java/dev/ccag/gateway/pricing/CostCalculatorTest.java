package dev.ccag.gateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostCalculatorTest {
    // Sonnet list prices: $3 in, $15 out, $3.75 5m write, $6 1h write, $0.30 read; $10 / 1000 searches
    private static final Price SONNET = new Price(3_000_000, 15_000_000, 3_750_000, 6_000_000, 300_000, 10_000);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                        in,        out,      read,      w5m,     w1h,   search, uplift, expected micros
            "input only,                    1000000,   0,        0,         0,       0,     0,      0,      3000000",
            "output only,                   0,         1000,     0,         0,       0,     0,      0,      15000",
            "cache read,                    0,         0,        1000000,   0,       0,     0,      0,      300000",
            "cache write 5m,                0,         0,        0,         1000,    0,     0,      0,      3750",
            "cache write 1h,                0,         0,        0,         0,       1000,  0,      0,      6000",
            "web search,                    0,         0,        0,         0,       0,     3,      0,      30000",
            "all components,                1000,      500,      2000,      100,     100,   1,      0,      22075",
            "uplift 10 percent,             1000000,   0,        0,         0,       0,     0,      10,     3300000",
            "searches are not uplifted,     0,         0,        0,         0,       0,     3,      10,     30000",
            "uplift on tokens only,         1000000,   0,        0,         0,       0,     2,      10,     3320000",
            "one token rounds half up,      1,         0,        0,         0,       0,     0,      0,      3",
            "0.5 micro rounds up,           0,         0,        5,         0,       0,     0,      0,      2",
            "0.3 micro rounds down,         0,         0,        1,         0,       0,     0,      0,      0",
            "rounded once not per part,     0,         0,        3,         0,       0,     0,      0,      1",
            "uplift rounded once,           1,         0,        0,         0,       0,     0,      10,     3",
            "nothing used costs nothing,    0,         0,        0,         0,       0,     0,      10,     0",
            "huge counts do not overflow,   4000000000000, 4000000000000, 0,   0,       0,     0,      10,     79200000000000",
    })
    void costs(String name, long in, long out, long read, long w5m, long w1h, long searches, int uplift, long expected) {
        AppliedPrice price = new AppliedPrice("list", "claude-sonnet-4*", "global", SONNET, uplift);
        assertThat(CostCalculator.costMicros(price, in, out, read, w5m, w1h, searches)).isEqualTo(expected);
    }

    /**
     * The long arithmetic and the BigInteger sum agree everywhere: counts and prices from zero up to
     * where the products overflow a long (where the long path hands over to BigInteger).
     */
    @Test
    void longArithmeticAgreesWithTheExactSumIncludingNearOverflow() {
        SplittableRandom random = new SplittableRandom(20261125);
        long[] scales = {1_000L, 1_000_000L, 10_000_000_000L, 1L << 40, 1L << 50, Long.MAX_VALUE / 100};
        int handedOver = 0;
        for (int i = 0; i < 200_000; i++) {
            long countScale = scales[random.nextInt(scales.length)];
            long priceScale = scales[random.nextInt(scales.length)];
            Price price = new Price(random.nextLong(priceScale), random.nextLong(priceScale), random.nextLong(priceScale),
                    random.nextLong(priceScale), random.nextLong(priceScale), random.nextLong(priceScale));
            AppliedPrice applied = new AppliedPrice("list", "m", "global", price, random.nextInt(1001));
            long[] c = new long[6];
            for (int k = 0; k < 6; k++) c[k] = random.nextInt(10) == 0 ? 0 : random.nextLong(countScale);
            Long exact;
            try {
                exact = CostCalculator.exactCostMicros(applied, c[0], c[1], c[2], c[3], c[4], c[5]);
            } catch (ArithmeticException tooLargeForAnyLedger) {
                exact = null;
            }
            Long fast;
            try {
                fast = CostCalculator.costMicros(applied, c[0], c[1], c[2], c[3], c[4], c[5]);
            } catch (ArithmeticException tooLargeForAnyLedger) {
                fast = null;
            }
            assertThat(fast).as("case %d: %s %s", i, applied, java.util.Arrays.toString(c)).isEqualTo(exact);
            if (exact != null && exact > Long.MAX_VALUE / DENOMINATOR_FOR_TEST) handedOver++;
        }
        assertThat(handedOver).as("cases whose sum only BigInteger can hold").isGreaterThan(1_000);
    }

    private static final long DENOMINATOR_FOR_TEST = 100_000_000L;
}
