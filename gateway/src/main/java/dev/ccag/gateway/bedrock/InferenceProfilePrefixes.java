package dev.ccag.gateway.bedrock;

import java.util.List;

/** The system inference-profile prefixes Bedrock uses, and which of them suits a region. */
public final class InferenceProfilePrefixes {
    public static final String GLOBAL = "global";
    /** Longest first, so {@code us-gov.} is not mistaken for {@code us.}. */
    private static final List<String> KNOWN = List.of("us-gov", "global", "apac", "us", "eu", "jp", "au");

    private InferenceProfilePrefixes() {}

    /**
     * Regional prefixes for a region, preferred first; empty means "use global". Published AWS tables
     * use jp and au for Tokyo/Osaka and Sydney/Melbourne, with apac as the older fallback there.
     */
    public static List<String> forRegion(String region) {
        if (region == null) return List.of();
        if (region.startsWith("us-gov-")) return List.of("us-gov");
        if (region.startsWith("us-")) return List.of("us");
        if (region.startsWith("eu-")) return List.of("eu");
        if (region.equals("ap-northeast-1") || region.equals("ap-northeast-3")) return List.of("jp", "apac");
        if (region.equals("ap-southeast-2") || region.equals("ap-southeast-4")) return List.of("au", "apac");
        if (region.startsWith("ap-")) return List.of("apac");
        return List.of();
    }

    /**
     * The prefix of an id like {@code us.anthropic.claude-...}, or null when the id is not a system
     * inference-profile id. Plain string checks: this runs on every request.
     */
    public static String prefixOf(String modelId) {
        for (String p : KNOWN) {
            if (modelId.length() > p.length() + 11 && modelId.startsWith(p) && modelId.charAt(p.length()) == '.'
                    && modelId.startsWith("anthropic.", p.length() + 1)) {
                return p;
            }
        }
        return null;
    }
}
