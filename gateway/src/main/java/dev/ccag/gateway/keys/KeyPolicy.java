package dev.ccag.gateway.keys;

import dev.ccag.gateway.accounts.Team;
import dev.ccag.gateway.accounts.User;
import dev.ccag.gateway.admin.ApiProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * A key never gets more than its owner was granted (users.allowed_models, max_rpm, max_tpm) nor more
 * models than its team allows. Unspecified settings inherit the grant; asking for more is a 403.
 * Model entries may end in {@code *} (a prefix pattern such as {@code claude-sonnet-*}).
 */
public final class KeyPolicy {
    private KeyPolicy() {}

    public record Grant(List<String> allowedModels, Integer maxRpm, Integer maxTpm) {}

    private record Bound(String whose, List<String> models) {}

    /** @param owner null for service keys; @param team null when the key has none */
    public static Grant narrow(User owner, Team team, List<String> models, Integer maxRpm, Integer maxTpm) {
        List<Bound> bounds = new ArrayList<>();
        if (owner != null && owner.allowedModels() != null) {
            bounds.add(new Bound("owner", owner.allowedModels()));
        }
        if (team != null && team.allowedModels() != null) {
            bounds.add(new Bound("team", team.allowedModels()));
        }
        List<String> effective = models;
        if (models == null && !bounds.isEmpty()) {
            // inherit: what every bound allows
            effective = bounds.getFirst().models().stream().filter(m -> bounds.stream().allMatch(b -> allows(b.models(), m))).toList();
        }
        if (models != null) {
            for (String m : models) {
                for (Bound bound : bounds) {
                    if (!allows(bound.models(), m)) {
                        throw ApiProblem.forbidden("allowed_models: " + m + " is beyond what the " + bound.whose() + " is allowed");
                    }
                }
            }
        }
        return new Grant(effective,
                limit("max_rpm", maxRpm, owner == null ? null : owner.maxRpm()),
                limit("max_tpm", maxTpm, owner == null ? null : owner.maxTpm()));
    }

    /** True when {@code model} is one of {@code bound}, or matches one of its {@code prefix*} patterns. */
    public static boolean allows(List<String> bound, String model) {
        for (String b : bound) {
            if (b.equals(model) || (b.endsWith("*") && model.startsWith(b.substring(0, b.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static Integer limit(String field, Integer requested, Integer ceiling) {
        if (requested == null) {
            return ceiling;
        }
        if (ceiling != null && requested > ceiling) {
            throw ApiProblem.forbidden(field + ": " + requested + " is above the owner's limit of " + ceiling);
        }
        return requested;
    }
}
