package dev.ccag.gateway.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The first admin of a fresh install ({@code CCAG_BOOTSTRAP_ADMIN_EMAIL}). */
@ConfigurationProperties(prefix = "ccag.bootstrap")
public record BootstrapProperties(@DefaultValue("admin@localhost") String adminEmail) {
    public BootstrapProperties {
        if (adminEmail == null || !adminEmail.contains("@")) {
            throw new IllegalArgumentException("ccag.bootstrap.admin-email: must be an email address");
        }
    }
}
