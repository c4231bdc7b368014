package dev.ccag.gateway.pool;

import java.util.Map;

/** Strategies chosen for single keys and teams, over the deployment's default. Keys win over teams. */
public record RoutingOverrides(Map<String, Strategy> byKey, Map<String, Strategy> byTeam) {
    public static final RoutingOverrides NONE = new RoutingOverrides(Map.of(), Map.of());

    public RoutingOverrides {
        byKey = Map.copyOf(byKey);
        byTeam = Map.copyOf(byTeam);
    }

    Strategy resolve(String keyId, String teamId, Strategy fallback) {
        Strategy s = keyId == null ? null : byKey.get(keyId);
        if (s == null && teamId != null) s = byTeam.get(teamId);
        return s == null ? fallback : s;
    }
}
