package dev.ccag.gateway.pricing;

import java.math.BigInteger;

/**
 * Cost of one request in micro-dollars. Every component is summed exactly (tokens x price per
 * million with the regional uplift as a percentage, searches x price per search) and the total is divided and
 * rounded half up once, so no record loses or gains a fraction per component.
 *
 * <p>The sum is made in {@code long} arithmetic that throws on overflow, and only then again with
 * {@link BigInteger}: the same exact result either way, without BigInteger's allocations and long
 * division on every request (it was a fifth of the ledger's share of the request path).
 */
public final class CostCalculator {
    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);
    private static final long DENOMINATOR = 1_000_000L * 100L;

    private CostCalculator() {}

    public static long costMicros(AppliedPrice applied, long inputTokens, long outputTokens, long cacheReadTokens,
            long cacheWrite5mTokens, long cacheWrite1hTokens, long webSearches) {
        Price p = applied.price();
        try {
            // sum in micro-dollars x 1e6 (token prices are per million tokens)
            long tokens = Math.addExact(Math.addExact(Math.addExact(Math.addExact(
                    term(inputTokens, p.input()), term(outputTokens, p.output())),
                    term(cacheReadTokens, p.cacheRead())), term(cacheWrite5mTokens, p.cacheWrite5m())),
                    term(cacheWrite1hTokens, p.cacheWrite1h()));
            // The regional uplift is Bedrock's surcharge on inference; searches are paid to the search provider, not uplifted.
            long searches = Math.multiplyExact(term(webSearches, p.webSearch()), DENOMINATOR);
            long numerator = Math.addExact(Math.multiplyExact(tokens, 100L + applied.upliftPercent()), searches);
            // round half up (all terms are non-negative); division truncates like BigInteger's
            return Math.addExact(numerator, DENOMINATOR >> 1) / DENOMINATOR;
        } catch (ArithmeticException overflow) {
            return exactCostMicros(applied, inputTokens, outputTokens, cacheReadTokens, cacheWrite5mTokens,
                    cacheWrite1hTokens, webSearches);
        }
    }

    /** The same sum in BigInteger, for counts and prices whose products leave the range of a long. */
    static long exactCostMicros(AppliedPrice applied, long inputTokens, long outputTokens, long cacheReadTokens,
            long cacheWrite5mTokens, long cacheWrite1hTokens, long webSearches) {
        Price p = applied.price();
        BigInteger tokens = bigTerm(inputTokens, p.input())
                .add(bigTerm(outputTokens, p.output()))
                .add(bigTerm(cacheReadTokens, p.cacheRead()))
                .add(bigTerm(cacheWrite5mTokens, p.cacheWrite5m()))
                .add(bigTerm(cacheWrite1hTokens, p.cacheWrite1h()));
        BigInteger searches = bigTerm(webSearches, p.webSearch()).multiply(MILLION).multiply(HUNDRED);
        BigInteger numerator = tokens.multiply(BigInteger.valueOf(100L + applied.upliftPercent())).add(searches);
        BigInteger denominator = MILLION.multiply(HUNDRED);
        return numerator.add(denominator.shiftRight(1)).divide(denominator).longValueExact();
    }

    private static long term(long count, long price) {
        return Math.multiplyExact(Math.max(0, count), price);
    }

    private static BigInteger bigTerm(long count, long price) {
        return BigInteger.valueOf(Math.max(0, count)).multiply(BigInteger.valueOf(price));
    }
}
