package dev.ccag.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class EmulatorApplicationTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        EmulatorSettings s = EmulatorApplication.settings(new MockEnvironment());
        assertThat(s.port()).isEqualTo(4000);
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.sigv4Enabled()).isTrue();
        assertThat(s.credentials()).containsExactly(new AwsCredential("CCAGEMULATORKEY0001", "ccag-emulator-secret-not-a-real-key"));
    }

    @Test
    void bindsEveryDocumentedKey() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("server.port", "4100")
                .withProperty("emulator.sigv4.enabled", "false")
                .withProperty("emulator.credentials[0].access-key-id", "CCAGOTHERKEY")
                .withProperty("emulator.credentials[0].secret-access-key", "s3cr3t")
                .withProperty("emulator.credentials[0].session-token", "tok")
                .withProperty("emulator.bearer-keys[0]", "api-key")
                .withProperty("emulator.max-clock-skew", "2m")
                .withProperty("emulator.stream.chunks", "5")
                .withProperty("emulator.stream.pace-ms", "20")
                .withProperty("emulator.reply.words", "1000")
                .withProperty("emulator.request-log-size", "50")
                .withProperty("emulator.application-profile-model", "claude-opus-4-7");
        EmulatorSettings s = EmulatorApplication.settings(env);
        assertThat(s.port()).isEqualTo(4100);
        assertThat(s.sigv4Enabled()).isFalse();
        assertThat(s.credentials()).containsExactly(new AwsCredential("CCAGOTHERKEY", "s3cr3t", "tok"));
        assertThat(s.bearerKeys()).containsExactly("api-key");
        assertThat(s.maxClockSkew()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.streamChunks()).isEqualTo(5);
        assertThat(s.streamPaceMs()).isEqualTo(20);
        assertThat(s.replyWords()).isEqualTo(1000);
        assertThat(s.requestLogSize()).isEqualTo(50);
        assertThat(s.applicationProfileModel()).isEqualTo("claude-opus-4-7");
    }
}
