package dev.ccag.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyHasherTest {
    private final KeyHasher hasher = new KeyHasher("pepper-of-sixteen-bytes".getBytes(StandardCharsets.UTF_8));

    @Test
    void hashIsHmacSha256UnderThePepper() {
        // computed independently (Python hmac): HMAC-SHA256(key="pepper-of-sixteen-bytes", msg="abc")
        assertThat(hasher.hash("abc")).isEqualTo("62a0da85381bbf0ea10e675904da139bcdc3cedd4d7560238afcd451217fe5d2");
        assertThat(hasher.hash("abc")).isEqualTo(hasher.hash("abc"));
        assertThat(new KeyHasher("another-pepper-0123".getBytes(StandardCharsets.UTF_8)).hash("abc")).isNotEqualTo(hasher.hash("abc"));
    }

    @Test
    void shortPeppersAreRefused() {
        assertThatThrownBy(() -> new KeyHasher(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authenticatorMatchesOnlyTheHashedKey() {
        String key = ApiKeyFormat.generate();
        Principal p = new Principal("k1", "sk-ccag-...abcd", null, null);
        // keys from configuration: matched by hash without touching the database
        DatabaseAuthenticator auth = new DatabaseAuthenticator(hasher, null, null, java.time.Clock.systemUTC(), Map.of(hasher.hash(key), p));
        assertThat(auth.authenticate(key)).contains(p);
        assertThat(auth.authenticate(key + "x")).isEmpty();
        assertThat(auth.authenticate("")).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }
}
