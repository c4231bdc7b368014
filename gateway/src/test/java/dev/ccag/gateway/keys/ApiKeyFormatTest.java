package dev.ccag.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    @Test
    void generatedKeysAreWellFormedAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = ApiKeyFormat.generate();
            assertThat(key).startsWith("sk-ccag-").hasSize(8 + 43 + 6).matches("sk-ccag-[0-9A-Za-z]+");
            assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
            assertThat(seen.add(key)).isTrue();
        }
    }

    @Test
    void aChangedCharacterBreaksTheChecksum() {
        String key = ApiKeyFormat.generate();
        char c = key.charAt(20);
        String typo = key.substring(0, 20) + (c == 'a' ? 'b' : 'a') + key.substring(21);
        assertThat(ApiKeyFormat.isWellFormed(typo)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed("sk-ant-" + key.substring(7))).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(null)).isFalse();
    }

    @Test
    void displayFormRevealsOnlyPrefixAndLastFour() {
        String key = ApiKeyFormat.generate();
        assertThat(ApiKeyFormat.displayForm(key)).isEqualTo("sk-ccag-..." + key.substring(key.length() - 4));
    }
}
