package dev.ccag.gateway.keys;

import dev.ccag.gateway.config.CcagProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keys accepted until database-backed accounts exist: the bootstrap key (from
 * {@code CCAG_AUTH_BOOTSTRAP_KEY}, or generated on first start and printed once) and any key
 * hashes in configuration. Only hashes are held.
 */
@Configuration(proxyBeanMethods = false)
public class KeysConfiguration {
    private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

    @Bean
    KeyHasher keyHasher(CcagProperties props) throws IOException {
        return new KeyHasher(KeyMaterial.pepper(props.auth().pepper(), Path.of(props.dataDir())));
    }

    @Bean
    BootstrapKey bootstrapKey(CcagProperties props, KeyHasher hasher) throws IOException {
        return BootstrapKey.load(props.auth().bootstrapKey(), Path.of(props.dataDir()), hasher, props.demo().enabled());
    }

    @Bean
    Authenticator authenticator(CcagProperties props, KeyHasher hasher, BootstrapKey bootstrap) {
        Map<String, Principal> byHash = new HashMap<>();
        byHash.put(bootstrap.hash(), new Principal("bootstrap", bootstrap.display(), null, null));
        int i = 0;
        for (CcagProperties.ConfiguredKey k : props.auth().keys()) {
            String key = "ccag.auth.keys[" + i++ + "]";
            if (k.hash() == null || !k.hash().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(key + ".hash: must be 64 lower-case hex characters (HMAC-SHA256)");
            }
            String name = k.name() == null || k.name().isBlank() ? key : k.name();
            byHash.put(k.hash(), new Principal(name, name, null, null));
        }
        log.info("accepting {} configured API key(s)", byHash.size());
        return new ConfiguredKeyAuthenticator(hasher, byHash);
    }
}
