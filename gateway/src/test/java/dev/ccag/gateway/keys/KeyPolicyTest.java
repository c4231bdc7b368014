package dev.ccag.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccag.gateway.accounts.Team;
import dev.ccag.gateway.accounts.User;
import dev.ccag.gateway.admin.ApiProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
    private static User owner(List<String> models, Integer rpm, Integer tpm) {
        return new User("u", "u@x", null, "member", true, null, null, models, rpm, tpm, null, null);
    }

    private static Team team(List<String> models) {
        return new Team("t", "t", null, models, null, null);
    }

    @Test
    void unspecifiedSettingsInheritTheGrant() {
        KeyPolicy.Grant g = KeyPolicy.narrow(owner(List.of("claude-sonnet-*"), 60, 1000), null, null, null, null);
        assertThat(g).isEqualTo(new KeyPolicy.Grant(List.of("claude-sonnet-*"), 60, 1000));
        assertThat(KeyPolicy.narrow(owner(null, null, null), null, null, null, null)).isEqualTo(new KeyPolicy.Grant(null, null, null));
    }

    @Test
    void narrowerRequestsAreKeptAndWiderOnesRefused() {
        User u = owner(List.of("claude-sonnet-*", "claude-haiku-4-5"), 60, null);
        assertThat(KeyPolicy.narrow(u, null, List.of("claude-sonnet-4-5", "claude-sonnet-*"), 10, 5).allowedModels())
                .containsExactly("claude-sonnet-4-5", "claude-sonnet-*");
        assertThatThrownBy(() -> KeyPolicy.narrow(u, null, List.of("claude-opus-4-1"), null, null))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("owner");
        assertThatThrownBy(() -> KeyPolicy.narrow(u, null, List.of("claude-*"), null, null)).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> KeyPolicy.narrow(u, null, null, 61, null)).hasMessageContaining("max_rpm");
        assertThat(KeyPolicy.narrow(u, null, null, null, 1_000_000).maxTpm()).isEqualTo(1_000_000); // no tpm ceiling
    }

    @Test
    void theTeamBoundsModelsToo() {
        User u = owner(List.of("claude-sonnet-*", "claude-haiku-4-5"), null, null);
        Team t = team(List.of("claude-haiku-*"));
        assertThat(KeyPolicy.narrow(u, t, null, null, null).allowedModels()).containsExactly("claude-haiku-4-5");
        assertThatThrownBy(() -> KeyPolicy.narrow(u, t, List.of("claude-sonnet-4-5"), null, null)).hasMessageContaining("team");
        assertThat(KeyPolicy.narrow(null, t, null, null, null).allowedModels()).containsExactly("claude-haiku-*"); // service key
    }
}
