package dev.ccag.gateway.pricing;

import java.math.BigInteger;

/**
 * Cost of one request in micro-dollars. Every component is summed exactly (tokens x price per
 * million with the regional uplift as a percentage, searches x price per search) and the total is divided and
 * rounded half up once, so no record loses or gains a fraction per component.
 */
public final class CostCalculator {
    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private CostCalculator() {}

    public static long costMicros(AppliedPrice applied, long inputTokens, long outputTokens, long cacheReadTokens,
            long cacheWrite5mTokens, long cacheWrite1hTokens, long webSearches) {
        Price p = applied.price();
        // sum in micro-dollars x 1e6 (token prices are per million tokens)
        BigInteger tokens = term(inputTokens, p.input())
                .add(term(outputTokens, p.output()))
                .add(term(cacheReadTokens, p.cacheRead()))
                .add(term(cacheWrite5mTokens, p.cacheWrite5m()))
                .add(term(cacheWrite1hTokens, p.cacheWrite1h()));
        // The regional uplift is Bedrock's surcharge on inference; searches are paid to the search provider, not uplifted.
        BigInteger searches = term(webSearches, p.webSearch()).multiply(MILLION).multiply(HUNDRED);
        BigInteger numerator = tokens.multiply(BigInteger.valueOf(100L + applied.upliftPercent())).add(searches);
        BigInteger denominator = MILLION.multiply(HUNDRED);
        // round half up (all terms are non-negative)
        return numerator.add(denominator.shiftRight(1)).divide(denominator).longValueExact();
    }

    private static BigInteger term(long count, long price) {
        return BigInteger.valueOf(Math.max(0, count)).multiply(BigInteger.valueOf(price));
    }
}
