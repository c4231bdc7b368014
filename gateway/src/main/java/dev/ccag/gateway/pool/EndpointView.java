package dev.ccag.gateway.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An endpoint as the admin API shows it (and the audit log records it): never a secret. The access
 * key id and external id show their last four characters; secrets show only whether one is stored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EndpointView(String name, String region, String endpointUrl, CredentialsView credentials, int weight, String tier,
                           boolean enabled, String profilePrefix, Map<String, String> modelPrefixes, List<ModelEntry> models,
                           String source, StateView state, Instant createdAt, Instant updatedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CredentialsView(String type, String profile, String accessKeyId, Boolean secretAccessKeyStored,
                                  Boolean sessionTokenStored, String roleArn, String externalId, String roleSessionName) {}

    /** This replica's view of the endpoint's health; absent for disabled endpoints. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StateView(String status, Instant since, Instant coolingUntil, int windowAttempts, int windowFailures) {}

    /** The audit form: configuration only, no volatile state. */
    static EndpointView of(EndpointSpec s, Instant createdAt, Instant updatedAt) {
        return of(s, null, createdAt, updatedAt);
    }

    static EndpointView of(EndpointSpec s, EndpointHealth.View health, Instant createdAt, Instant updatedAt) {
        CredentialsSpec c = s.credentials();
        boolean isStatic = c.type().equals(CredentialsSpec.STATIC);
        CredentialsView cv = new CredentialsView(c.type(), c.profile(), c.maskedAccessKeyId(),
                isStatic ? c.secretAccessKey() != null : null, isStatic ? c.sessionToken() != null : null, c.roleArn(),
                mask(c.externalId()), c.type().equals(CredentialsSpec.ASSUME_ROLE) ? c.roleSessionName() : null);
        StateView state = null;
        if (health != null) {
            Instant now = Instant.now();
            state = new StateView(health.status().wire(), now.minus(Duration.ofNanos(health.sinceNanosAgo())),
                    health.coolingNanosLeft() > 0 ? now.plus(Duration.ofNanos(health.coolingNanosLeft())) : null,
                    health.windowAttempts(), health.windowFailures());
        }
        return new EndpointView(s.name(), s.region(), s.endpointUrl(), cv, s.weight(), s.tier().wire(), s.enabled(), s.profilePrefix(),
                s.modelPrefixes(), s.models(), s.source(), state, createdAt, updatedAt);
    }

    private static String mask(String value) {
        if (value == null) return null;
        return value.length() <= 4 ? "****" : "****" + value.substring(value.length() - 4);
    }
}
