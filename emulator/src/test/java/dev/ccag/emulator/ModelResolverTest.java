package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelResolverTest {
    static final ModelResolver RESOLVER = new ModelResolver(ModelCatalog.builtIn(), "claude-sonnet-4-5-20250929",
            Map.of("arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/opus", "claude-opus-4-7"));

    @ParameterizedTest
    @CsvSource({
            "anthropic.claude-3-5-haiku-20241022-v1:0, claude-3-5-haiku-20241022, 3.5",
            "us.anthropic.claude-3-5-sonnet-20241022-v2:0, claude-3-5-sonnet-20241022, 3.5",
            "apac.anthropic.claude-3-7-sonnet-20250219-v1:0, claude-3-7-sonnet-20250219, 3.7",
            "global.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4-20250514, 4",
            "jp.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5-20250929, 4.5",
            "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5-20250929, 4.5",
            "au.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5-20251001, 4.5",
            "eu.anthropic.claude-opus-4-6-v1, claude-opus-4-6, 4.6",
            "anthropic.claude-sonnet-4-6, claude-sonnet-4-6, 4.6",
            "us.anthropic.claude-opus-4-7, claude-opus-4-7, 4.7",
            "us.anthropic.claude-opus-5-5, claude-opus-5-5, newest",
            "anthropic.claude-sonnet-5, claude-sonnet-5, newest",
            "global.anthropic.claude-haiku-5-5-v1:0, claude-haiku-5-5, newest",
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/xyz, claude-sonnet-4-5-20250929, 4.5",
            "arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/opus, claude-opus-4-7, 4.7",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6, claude-sonnet-4-6, 4.6",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-7, claude-opus-4-7, 4.7",
    })
    void resolves(String modelId, String anthropicId, String generation) {
        ModelSpec spec = RESOLVER.resolve(modelId);
        assertThat(spec.anthropicId()).isEqualTo(anthropicId);
        assertThat(spec.generation()).isEqualTo(generation);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "claude-sonnet-4-5-20250929", // an Anthropic id, not a Bedrock one
            "anthropic.claude-sonnet-4-5-20250929", // missing -v1:0
            "anthropic.claude-opus-4-6", // Opus 4.6 ends in -v1
            "us.anthropic.claude-sonnet-4-5", // an alias of a dated model
            "xx.anthropic.claude-sonnet-4-6", // unknown profile prefix
            "amazon.nova-pro-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc",
            "arn:aws:s3:::bucket/key",
    })
    void rejectsWhatBedrockWouldNotKnow(String modelId) {
        assertThatThrownBy(() -> RESOLVER.resolve(modelId)).isInstanceOfSatisfying(BedrockException.class, e -> {
            assertThat(e.error).isEqualTo(BedrockError.VALIDATION);
            assertThat(e.getMessage()).isEqualTo("The provided model identifier is invalid.");
        });
    }

    @Test
    void derivesAnthropicIds() {
        assertThat(ModelResolver.anthropicId("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(ModelResolver.anthropicId("anthropic.claude-3-5-sonnet-20241022-v2:0")).isEqualTo("claude-3-5-sonnet-20241022");
        assertThat(ModelResolver.anthropicId("global.anthropic.claude-opus-4-6-v1")).isEqualTo("claude-opus-4-6");
    }

    @Test
    void modelPathsKeepAnEncodedArnTogether() {
        ModelPath p = ModelPath.parse("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aapplication-inference-profile%2Fx/invoke-with-response-stream");
        assertThat(p.modelId()).isEqualTo("arn:aws:bedrock:us-east-1:1:application-inference-profile/x");
        assertThat(p.operation()).isEqualTo(ModelOperation.INVOKE_STREAM);
        assertThatThrownBy(() -> ModelPath.parse("/model/arn:aws:bedrock:us-east-1:1:application-inference-profile/x/invoke"))
                .isInstanceOfSatisfying(BedrockException.class, e -> assertThat(e.error).isEqualTo(BedrockError.UNKNOWN_OPERATION));
        assertThat(ModelPath.parse("/other")).isNull();
    }
}
