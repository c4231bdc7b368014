package dev.ccag.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");
    private static final String BODY = "{\"id\":\"ntf_1\",\"type\":\"budget.threshold\"}";

    @Test
    void signsTimestampDotBodyWithHmacSha256() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((AT.getEpochSecond() + "." + BODY).getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSignature.header("s3cret", AT, BODY)).isEqualTo("t=" + AT.getEpochSecond() + ",v1=" + expected);
    }

    @Test
    void verifiesItsOwnSignature() {
        String header = WebhookSignature.header("s3cret", AT, BODY);
        assertThat(WebhookSignature.verify("s3cret", header, BODY, AT.plusSeconds(30), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void rejectsTamperedBodyWrongSecretStaleTimestampAndGarbage() {
        String header = WebhookSignature.header("s3cret", AT, BODY);
        assertThat(WebhookSignature.verify("s3cret", header, BODY + " ", AT, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("other", header, BODY, AT, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", header, BODY, AT.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", "t=abc,v1=00", BODY, AT, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("s3cret", null, BODY, AT, Duration.ofMinutes(5))).isFalse();
        // A timestamp moved forward invalidates the signature: it is part of the signed text.
        String moved = header.replace("t=" + AT.getEpochSecond(), "t=" + (AT.getEpochSecond() + 1));
        assertThat(WebhookSignature.verify("s3cret", moved, BODY, AT, Duration.ofMinutes(5))).isFalse();
    }
}
