package dev.ccag.gateway.budget;

import java.util.Locale;

/**
 * What a budget counts: the spend of one key, one user (all their keys), one team (every key
 * attributed to it) or the whole deployment.
 */
public enum BudgetScope {
    KEY("k:"), USER("u:"), TEAM("t:"), DEPLOYMENT("*");

    private final String prefix;

    BudgetScope(String prefix) {
        this.prefix = prefix;
    }

    /** The in-memory counter a spend of this scope is summed under ({@code k:<key id>}, ..., {@code *}). */
    public String counter(String scopeId) {
        return this == DEPLOYMENT ? prefix : prefix + scopeId;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BudgetScope parse(String label) {
        for (BudgetScope s : values()) {
            if (s.label().equals(label)) return s;
        }
        throw new IllegalArgumentException("scope must be key, user, team or deployment, not '" + label + "'");
    }
}
