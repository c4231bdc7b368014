package dev.ccag.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccag.gateway.keys.ApiKeyFormat;
import dev.ccag.gateway.keys.KeyHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The first admin of a fresh install: generated and shown once, or moved from a pre-database install's hash file. */
@ExtendWith(OutputCaptureExtension.class)
abstract class BootstrapTest {
    private static final Pattern SHOWN_KEY = Pattern.compile("export ANTHROPIC_API_KEY=(sk-ccag-[0-9A-Za-z]+)");

    abstract TestDatabase database();

    @Test
    void aGeneratedAdminKeyIsPrintedOnceAndWorksAfterARestart(CapturedOutput output) throws Exception {
        Path data = Files.createTempDirectory("ccag-bootstrap");
        String url = database().newDatabaseUrl(data);
        String key;
        try (AdminHarness first = new AdminHarness(url, null, data, "ccag.bootstrap.admin-email=Ops@Example.TEST")) {
            Matcher m = SHOWN_KEY.matcher(output.getOut());
            assertThat(m.find()).as("the banner shows the generated key").isTrue();
            key = m.group(1);
            assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
            var me = first.call("GET", "/admin/v1/me", key, null);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("user").get("email").asString()).isEqualTo("ops@example.test");
            assertThat(me.json().get("user").get("role").asString()).isEqualTo("admin");
        }
        int shownSoFar = output.getOut().length();
        try (AdminHarness again = new AdminHarness(url, null, data, "ccag.bootstrap.admin-email=someone-else@example.test")) {
            String later = output.getOut().substring(shownSoFar);
            assertThat(later).doesNotContain(key).contains("bootstrap key " + ApiKeyFormat.displayForm(key));
            assertThat(again.call("GET", "/admin/v1/me", key, null).status()).isEqualTo(200);
            JdbcTemplate db = again.gateway.getBean(JdbcTemplate.class);
            assertThat(db.queryForObject("select count(*) from users", Long.class)).isEqualTo(1);
        }
    }

    @Test
    void demoModeRegistersItsKeyOnADataDirUsedBefore() throws Exception {
        Path data = Files.createTempDirectory("ccag-demo");
        String url = database().newDatabaseUrl(data);
        String operatorKey = ApiKeyFormat.generate();
        String demoKey = ApiKeyFormat.generate();
        try (AdminHarness plain = new AdminHarness(url, operatorKey, data)) {
            assertThat(plain.call("GET", "/admin/v1/me", operatorKey, null).status()).isEqualTo(200);
        }
        try (AdminHarness ignored = new AdminHarness(url, demoKey, data)) {
            assertThat(ignored.call("GET", "/admin/v1/me", demoKey, null).status()).as("outside demo mode a later bootstrap key is ignored").isEqualTo(401);
        }
        try (AdminHarness demo = new AdminHarness(url, demoKey, data, "ccag.demo.enabled=true")) {
            assertThat(demo.call("GET", "/admin/v1/me", demoKey, null).status()).isEqualTo(200);
            assertThat(demo.call("GET", "/admin/v1/me", operatorKey, null).status()).isEqualTo(200);
            assertThat(demo.gateway.getBean(JdbcTemplate.class).queryForObject("select count(*) from users", Long.class)).isEqualTo(1);
        }
    }

    @Test
    void aPreDatabaseInstallKeepsItsGeneratedKey() throws Exception {
        Path data = Files.createTempDirectory("ccag-legacy");
        String key = ApiKeyFormat.generate();
        String hash = new KeyHasher(AdminHarness.PEPPER.getBytes(StandardCharsets.UTF_8)).hash(key);
        Files.writeString(data.resolve("bootstrap-key.hmac"), hash + " " + ApiKeyFormat.displayForm(key) + "\n");
        try (AdminHarness h = new AdminHarness(database().newDatabaseUrl(data), null, data)) {
            var me = h.call("GET", "/admin/v1/me", key, null);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("user").get("role").asString()).isEqualTo("admin");
            assertThat(data.resolve("bootstrap-key.hmac")).doesNotExist();
            var keys = h.call("GET", "/admin/v1/keys", key, null).json().get("data");
            assertThat(keys.size()).isEqualTo(1);
            assertThat(keys.get(0).get("kind").asString()).isEqualTo("admin");
            assertThat(keys.get(0).get("display").asString()).isEqualTo(ApiKeyFormat.displayForm(key));
        }
    }
}
