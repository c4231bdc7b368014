package dev.ccag.emulator;

import java.util.List;
import java.util.Map;

/**
 * Turns the decoded {@code {modelId}} of the path into a model: base ids, system inference profile
 * ids ({@code us.anthropic.…}), foundation-model and inference-profile ARNs, application inference
 * profile ARNs. Anything else is Bedrock's 400 "The provided model identifier is invalid.".
 */
final class ModelResolver {
    static final String INVALID_MODEL = "The provided model identifier is invalid.";
    private static final List<String> PROFILE_PREFIXES = List.of("us.", "eu.", "apac.", "jp.", "au.", "us-gov.", "global.");
    private static final List<String> VERSION_SUFFIXES = List.of("-v1:0", "-v2:0", "-v1");

    private final ModelCatalog catalog;
    private final String defaultApplicationProfileModel;
    private final Map<String, String> applicationProfiles;

    ModelResolver(ModelCatalog catalog, String defaultApplicationProfileModel, Map<String, String> applicationProfiles) {
        this.catalog = catalog;
        this.defaultApplicationProfileModel = defaultApplicationProfileModel;
        this.applicationProfiles = applicationProfiles;
    }

    ModelSpec resolve(String modelId) {
        if (modelId.startsWith("arn:")) return resolveArn(modelId);
        String base = stripProfilePrefix(modelId);
        if (!base.startsWith("anthropic.claude-")) throw invalid();
        ModelSpec row = catalog.byBedrockId(base);
        if (row != null) return row;
        String anthropicId = anthropicId(base);
        // A table model under another version suffix, or an undated alias of a dated model
        // (anthropic.claude-sonnet-4-5), does not exist on Bedrock: a mapping bug to surface.
        if (catalog.isKnownModelOrAlias(anthropicId)) throw invalid();
        return catalog.newest(anthropicId);
    }

    private ModelSpec resolveArn(String arn) {
        // arn:aws:bedrock:REGION:ACCOUNT:RESOURCE-TYPE/ID
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("bedrock")) throw invalid();
        int slash = parts[5].indexOf('/');
        if (slash < 1 || slash == parts[5].length() - 1) throw invalid();
        String type = parts[5].substring(0, slash);
        String id = parts[5].substring(slash + 1);
        return switch (type) {
            case "application-inference-profile" -> {
                String model = applicationProfiles.getOrDefault(arn, applicationProfiles.getOrDefault(id, defaultApplicationProfileModel));
                ModelSpec row = catalog.byAnthropicId(model);
                yield row != null ? row : catalog.newest(model);
            }
            case "foundation-model", "inference-profile" -> resolve(id);
            default -> throw invalid();
        };
    }

    /** The Anthropic id of a Bedrock id: {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0} → {@code claude-sonnet-4-5-20250929}. */
    static String anthropicId(String bedrockId) {
        String id = stripProfilePrefix(bedrockId);
        if (id.startsWith("anthropic.")) id = id.substring("anthropic.".length());
        for (String suffix : VERSION_SUFFIXES) {
            if (id.endsWith(suffix)) return id.substring(0, id.length() - suffix.length());
        }
        return id;
    }

    private static String stripProfilePrefix(String id) {
        for (String prefix : PROFILE_PREFIXES) {
            if (id.startsWith(prefix)) return id.substring(prefix.length());
        }
        return id;
    }

    private static BedrockException invalid() {
        return BedrockException.validation(INVALID_MODEL);
    }
}
