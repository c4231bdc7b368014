package dev.ccag.gateway.bedrock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A set of beta names where an entry ending in {@code *} matches by prefix. Immutable. */
final class BetaPattern {
    static final BetaPattern EMPTY = new BetaPattern(Set.of(), List.of());
    private final Set<String> exact;
    private final List<String> prefixes;

    private BetaPattern(Set<String> exact, List<String> prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    static BetaPattern of(Collection<String> entries) {
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String e : entries) {
            if (e.endsWith("*")) prefixes.add(e.substring(0, e.length() - 1));
            else exact.add(e);
        }
        return new BetaPattern(Set.copyOf(exact), List.copyOf(prefixes));
    }

    BetaPattern union(BetaPattern other) {
        Set<String> exact = new HashSet<>(this.exact);
        exact.addAll(other.exact);
        List<String> prefixes = new ArrayList<>(this.prefixes);
        prefixes.addAll(other.prefixes);
        return new BetaPattern(Set.copyOf(exact), List.copyOf(prefixes));
    }

    boolean matches(String beta) {
        if (exact.contains(beta)) return true;
        for (String p : prefixes) {
            if (beta.startsWith(p)) return true;
        }
        return false;
    }
}
