package dev.ccag.gateway.bedrock;

import dev.ccag.gateway.config.CcagProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configured Bedrock endpoints. With none configured, one endpoint is made from the usual AWS
 * environment (AWS_REGION, the default credentials chain, AWS_ENDPOINT_URL_BEDROCK_RUNTIME).
 */
public final class BedrockEndpoints {
    private final List<BedrockEndpoint> endpoints;

    public BedrockEndpoints(List<BedrockEndpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("ccag.bedrock.endpoints: at least one endpoint is required");
        }
        this.endpoints = List.copyOf(endpoints);
    }

    public static BedrockEndpoints fromConfig(CcagProperties.Bedrock config, Map<String, String> env) {
        List<CcagProperties.Endpoint> configured = config.endpoints();
        if (configured.isEmpty()) {
            configured = List.of(new CcagProperties.Endpoint("default", null, null, null, Map.of(),
                    new CcagProperties.Credentials("default", null, null, null, null, null, null, "ccag")));
        }
        List<BedrockEndpoint> built = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            CcagProperties.Endpoint e = configured.get(i);
            String key = "ccag.bedrock.endpoints[" + i + "]";
            String name = blank(e.name()) ? "endpoint-" + (i + 1) : e.name();
            String region = !blank(e.region()) ? e.region()
                    : !blank(env.get("AWS_REGION")) ? env.get("AWS_REGION")
                    : !blank(env.get("AWS_DEFAULT_REGION")) ? env.get("AWS_DEFAULT_REGION") : "us-east-1";
            URI base = baseUri(e.endpointUrl(), region, env, key);
            built.add(new BedrockEndpoint(name, region, base,
                    CredentialsProviders.from(e.credentials(), region, key + ".credentials"),
                    new EndpointProfile(name, region, blank(e.profilePrefix()) ? null : e.profilePrefix().trim(),
                            Map.copyOf(e.modelPrefixes()))));
        }
        return new BedrockEndpoints(built);
    }

    private static URI baseUri(String configured, String region, Map<String, String> env, String key) {
        String url = !blank(configured) ? configured
                : !blank(env.get("AWS_ENDPOINT_URL_BEDROCK_RUNTIME")) ? env.get("AWS_ENDPOINT_URL_BEDROCK_RUNTIME")
                : !blank(env.get("AWS_ENDPOINT_URL")) ? env.get("AWS_ENDPOINT_URL")
                : "https://bedrock-runtime." + region + ".amazonaws.com";
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(key + ".endpoint-url: not an http(s) URL: " + url);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public BedrockEndpoint primary() {
        return endpoints.get(0);
    }

    public List<BedrockEndpoint> all() {
        return endpoints;
    }
}
