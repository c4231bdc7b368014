package dev.ccag.gateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccag.gateway.config.CcagProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class BedrockEndpointsTest {

    private static CcagProperties.Bedrock bedrock(CcagProperties.Endpoint... endpoints) {
        return new CcagProperties.Bedrock(List.of(endpoints), null, null, Duration.ofHours(1));
    }

    private static CcagProperties.Credentials staticCreds(String token) {
        return new CcagProperties.Credentials("static", null, "AKIDEXAMPLEONLY", "secret", token, null, null, "ccag");
    }

    @Test
    void withNoEndpointConfiguredTheAwsEnvironmentDecides() {
        BedrockEndpoints e = BedrockEndpoints.fromConfig(bedrock(), Map.of("AWS_REGION", "eu-west-1"));
        assertThat(e.primary().region()).isEqualTo("eu-west-1");
        assertThat(e.primary().baseUri()).isEqualTo(URI.create("https://bedrock-runtime.eu-west-1.amazonaws.com"));
    }

    @Test
    void theSdksStandardEndpointVariableIsHonoured() {
        BedrockEndpoints e = BedrockEndpoints.fromConfig(bedrock(),
                Map.of("AWS_REGION", "us-west-2", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:4001"));
        assertThat(e.primary().baseUri()).isEqualTo(URI.create("http://127.0.0.1:4001"));
        assertThat(e.primary().region()).isEqualTo("us-west-2");
    }

    @Test
    void configuredUrlWinsAndStaticSessionCredentialsAreUsed() {
        CcagProperties.Endpoint ep = new CcagProperties.Endpoint("tokyo", "ap-northeast-1", "http://127.0.0.1:9/x/", "jp",
                Map.of("claude-opus-4-7", "global"), staticCreds("session-token"));
        BedrockEndpoints e = BedrockEndpoints.fromConfig(bedrock(ep), Map.of("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:4001"));
        BedrockEndpoint b = e.primary();
        assertThat(b.name()).isEqualTo("tokyo");
        assertThat(b.baseUri()).isEqualTo(URI.create("http://127.0.0.1:9/x/"));
        assertThat(b.profile()).isEqualTo(new EndpointProfile("tokyo", "ap-northeast-1", "jp", Map.of("claude-opus-4-7", "global")));
        assertThat(b.credentials().resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);
    }

    @Test
    void badSettingsNameTheirKey() {
        CcagProperties.Endpoint badUrl = new CcagProperties.Endpoint("x", "us-east-1", "ftp://nope", null, Map.of(), staticCreds(null));
        assertThatThrownBy(() -> BedrockEndpoints.fromConfig(bedrock(badUrl), Map.of()))
                .hasMessageContaining("ccag.bedrock.endpoints[0].endpoint-url");
        CcagProperties.Endpoint noSecret = new CcagProperties.Endpoint("x", "us-east-1", null, null, Map.of(),
                new CcagProperties.Credentials("static", null, "id", null, null, null, null, "ccag"));
        assertThatThrownBy(() -> BedrockEndpoints.fromConfig(bedrock(noSecret), Map.of()))
                .hasMessageContaining("ccag.bedrock.endpoints[0].credentials.secret-access-key");
        CcagProperties.Endpoint badType = new CcagProperties.Endpoint("x", "us-east-1", null, null, Map.of(),
                new CcagProperties.Credentials("magic", null, null, null, null, null, null, "ccag"));
        assertThatThrownBy(() -> BedrockEndpoints.fromConfig(bedrock(badType), Map.of()))
                .hasMessageContaining("ccag.bedrock.endpoints[0].credentials.type");
    }
}
