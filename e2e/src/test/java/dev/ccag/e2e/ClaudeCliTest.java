package dev.ccag.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The harness itself: the pinned CLI is installed and runs, and a missing one fails loudly. */
class ClaudeCliTest {

    @Test
    void pinnedCliIsInstalledAndReportsItsVersion() {
        ClaudeCli cli = ClaudeCli.locate();

        // No gateway needed: --version answers offline. The base URL is never contacted.
        ClaudeCli.Result result = cli.against("http://127.0.0.1:9", "unused").exec("--version");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).contains("2.1.328");
    }

    @Test
    void missingBinaryFailsWithInstallInstructions() {
        Path nowhere = Path.of("target", "no-such-dir", "claude");

        assertThatThrownBy(() -> ClaudeCli.at(nowhere))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(nowhere.toString())
                .hasMessageContaining("npm ci")
                .hasMessageContaining(ClaudeCli.BINARY_ENV);
    }

    @Test
    void childEnvironmentIsBuiltFromScratch() {
        ClaudeCli cli = ClaudeCli.locate();
        Path home = Path.of("target", "some-home");

        var env = cli.against("http://127.0.0.1:1234", "sk-ccag-test").auth(ClaudeCli.Auth.AUTH_TOKEN)
                .env("MAX_THINKING_TOKENS", "2048").environment(home);

        assertThat(env).containsEntry("ANTHROPIC_BASE_URL", "http://127.0.0.1:1234")
                .containsEntry("ANTHROPIC_AUTH_TOKEN", "sk-ccag-test")
                .containsEntry("HOME", home.toString())
                .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
                .containsEntry("MAX_THINKING_TOKENS", "2048")
                .doesNotContainKey("ANTHROPIC_API_KEY");
        // Nothing of the test JVM's own environment (credentials, proxies, tokens) is passed on.
        assertThat(env.keySet()).allSatisfy(name -> assertThat(name)
                .doesNotStartWith("AWS_").isNotEqualTo("USER").isNotEqualTo("SSH_AUTH_SOCK"));
    }
}
