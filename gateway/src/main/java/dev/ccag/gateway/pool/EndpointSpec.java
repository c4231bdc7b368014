package dev.ccag.gateway.pool;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One Bedrock endpoint of the pool as configured: an AWS account and region with its credentials.
 *
 * @param endpointUrl   null for {@code https://bedrock-runtime.<region>.amazonaws.com}
 * @param weight        share of traffic relative to the other endpoints of its tier (1..1000)
 * @param profilePrefix inference-profile prefix for every model; null derives it from the region
 * @param modelPrefixes per model id, a prefix that wins over {@code profilePrefix} (does not limit the models)
 * @param models        the models this endpoint serves, each with an optional prefix; empty = every model
 * @param source        {@link #CONFIG} (written from the YAML at start) or {@link #ADMIN} (owned by the admin API)
 */
public record EndpointSpec(String name, String region, @Nullable String endpointUrl, CredentialsSpec credentials, int weight,
                           Tier tier, boolean enabled, @Nullable String profilePrefix, Map<String, String> modelPrefixes,
                           List<ModelEntry> models, String source) {
    public static final String CONFIG = "config";
    public static final String ADMIN = "admin";
    public static final String ENVIRONMENT = "environment";
    public static final int MAX_WEIGHT = 1000;
    public static final int MAX_MODELS = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    public EndpointSpec {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tier, "tier");
        endpointUrl = endpointUrl == null || endpointUrl.isBlank() ? null : endpointUrl.trim();
        profilePrefix = profilePrefix == null || profilePrefix.isBlank() ? null : profilePrefix.trim();
        modelPrefixes = modelPrefixes == null ? Map.of() : Map.copyOf(modelPrefixes);
        models = models == null ? List.of() : List.copyOf(models);
        source = source == null ? ADMIN : source;
    }

    /**
     * Checks every field; the message names the field under {@code key}.
     *
     * @throws IllegalArgumentException on the first bad field
     */
    public void validate(String key) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(key + "name: 1 to 100 letters, digits and ._-, starting with a letter or digit");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(key + "region: must be an AWS region such as us-east-1");
        }
        if (endpointUrl != null) {
            baseUri(endpointUrl, key + "endpoint_url");
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException(key + "weight: must be a whole number from 1 to " + MAX_WEIGHT);
        }
        if (profilePrefix != null && !ModelEntry.PREFIX.matcher(profilePrefix).matches()) {
            throw new IllegalArgumentException(key + "profile_prefix: must be an inference-profile prefix such as us, eu, apac, global, or none");
        }
        for (Map.Entry<String, String> e : modelPrefixes.entrySet()) {
            new ModelEntry(e.getKey(), e.getValue()).validate(key + "model_prefixes." + e.getKey());
        }
        if (models.size() > MAX_MODELS) {
            throw new IllegalArgumentException(key + "models: at most " + MAX_MODELS + " entries");
        }
        for (int i = 0; i < models.size(); i++) {
            models.get(i).validate(key + "models[" + i + "]");
        }
        credentials.validate(key + "credentials");
    }

    /** The base URL requests go to. */
    public URI baseUri() {
        return baseUri(endpointUrl != null ? endpointUrl : "https://bedrock-runtime." + region + ".amazonaws.com", "endpoint_url");
    }

    /** Same account, region and address: health learned about the old spec still applies to the new one. */
    boolean sameTarget(EndpointSpec other) {
        return region.equals(other.region) && Objects.equals(endpointUrl, other.endpointUrl) && credentials.equals(other.credentials);
    }

    public EndpointSpec withEnabled(boolean on) {
        return new EndpointSpec(name, region, endpointUrl, credentials, weight, tier, on, profilePrefix, modelPrefixes, models, source);
    }

    public EndpointSpec withSource(String s) {
        return new EndpointSpec(name, region, endpointUrl, credentials, weight, tier, enabled, profilePrefix, modelPrefixes, models, s);
    }

    private static URI baseUri(String url, String key) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() != null && uri.getHost() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": must be an http(s) URL without query or credentials");
    }
}
