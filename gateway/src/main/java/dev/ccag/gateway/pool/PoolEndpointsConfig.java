package dev.ccag.gateway.pool;

import dev.ccag.gateway.config.CcagProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pool's reading of {@code ccag.bedrock.endpoints[n]}: the connection settings that
 * {@link CcagProperties.Endpoint} also reads, plus {@code weight}, {@code tier}, {@code enabled} and
 * {@code models}. Bound separately so the pool's keys stay in the pool package.
 */
@ConfigurationProperties(prefix = "ccag.bedrock")
public record PoolEndpointsConfig(@DefaultValue List<Entry> endpoints) {

    public record Entry(
            String name,
            String region,
            String endpointUrl,
            String profilePrefix,
            @DefaultValue Map<String, String> modelPrefixes,
            @DefaultValue CcagProperties.Credentials credentials,
            @DefaultValue("1") int weight,
            @DefaultValue("primary") String tier,
            @DefaultValue("true") boolean enabled,
            /** Models served, each {@code {model, prefix}}; empty = every model. */
            @DefaultValue List<Model> models) {}

    public record Model(String model, String prefix) {}

    /**
     * The endpoints as specs, validated; an endpoint without a region takes AWS_REGION /
     * AWS_DEFAULT_REGION (else us-east-1), one without a URL AWS_ENDPOINT_URL_BEDROCK_RUNTIME, as before the pool.
     *
     * @throws IllegalArgumentException naming the key of the first bad value
     */
    public List<EndpointSpec> specs(Map<String, String> env) {
        List<EndpointSpec> out = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Entry e = endpoints.get(i);
            String key = "ccag.bedrock.endpoints[" + i + "].";
            String region = !blank(e.region()) ? e.region().trim()
                    : !blank(env.get("AWS_REGION")) ? env.get("AWS_REGION")
                    : !blank(env.get("AWS_DEFAULT_REGION")) ? env.get("AWS_DEFAULT_REGION") : "us-east-1";
            String url = !blank(e.endpointUrl()) ? e.endpointUrl()
                    : !blank(env.get("AWS_ENDPOINT_URL_BEDROCK_RUNTIME")) ? env.get("AWS_ENDPOINT_URL_BEDROCK_RUNTIME")
                    : env.get("AWS_ENDPOINT_URL");
            CcagProperties.Credentials c = e.credentials();
            Tier tier;
            try {
                tier = Tier.parse(e.tier());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(key + "tier: " + ex.getMessage());
            }
            List<ModelEntry> models = e.models().stream().map(m -> new ModelEntry(m.model(), m.prefix())).toList();
            EndpointSpec spec = new EndpointSpec(blank(e.name()) ? "endpoint-" + (i + 1) : e.name().trim(), region, url,
                    new CredentialsSpec(c.type(), c.profile(), c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.roleArn(),
                            c.externalId(), c.roleSessionName()),
                    e.weight(), tier, e.enabled(), e.profilePrefix(), e.modelPrefixes(), models, EndpointSpec.CONFIG);
            spec.validate(key);
            if (out.stream().anyMatch(o -> o.name().equals(spec.name()))) {
                throw new IllegalArgumentException(key + "name: " + spec.name() + " is used by another endpoint");
            }
            out.add(spec);
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
