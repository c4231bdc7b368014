package dev.ccag.gateway.pool;

import dev.ccag.gateway.audit.AuditLog;
import dev.ccag.gateway.bedrock.BedrockEndpoint;
import dev.ccag.gateway.bedrock.BedrockEndpoints;
import dev.ccag.gateway.bedrock.ModelCatalog;
import dev.ccag.gateway.bedrock.ModelResolver;
import dev.ccag.gateway.config.CcagProperties;
import dev.ccag.gateway.keys.KeyHasher;
import dev.ccag.gateway.keys.KeyMaterial;
import dev.ccag.gateway.notify.Notifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The endpoint pool: YAML endpoints written into the table at start, the in-memory registry the
 * request path reads, and the poller that keeps it in step with the other replicas' changes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PoolProperties.class, PoolEndpointsConfig.class})
public class PoolConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PoolConfiguration.class);

    /** Depends on the key hasher, which creates the pepper file on a fresh install. */
    @Bean
    SecretBox endpointSecrets(PoolProperties pool, CcagProperties props, KeyHasher hasher) throws IOException {
        return SecretBox.create(pool.secretsKey(), KeyMaterial.pepper(props.auth().pepper(), Path.of(props.dataDir())));
    }

    @Bean
    EndpointStore endpointStore(JdbcClient jdbc, SecretBox secrets) {
        return new EndpointStore(jdbc, secrets);
    }

    @Bean
    EndpointAdmin endpointAdmin(EndpointStore store, AuditLog audit) {
        return new EndpointAdmin(store, audit);
    }

    @Bean(destroyMethod = "close")
    EndpointRegistry endpointRegistry(PoolProperties pool, ModelCatalog catalog, MeterRegistry meters, Notifier notifier) {
        Strategy strategy;
        try {
            strategy = Strategy.parse(pool.strategy());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ccag.pool.strategy: " + e.getMessage());
        }
        if (pool.maxAttempts() < 1 || pool.maxAttempts() > 10) {
            throw new IllegalArgumentException("ccag.pool.max-attempts: must be from 1 to 10");
        }
        // What serves while no endpoint is configured: the AWS environment, exactly as before the pool.
        BedrockEndpoint environment = BedrockEndpoints.fromConfig(
                new CcagProperties.Bedrock(List.of(), null, null, Duration.ofHours(1)), System.getenv()).primary();
        return new EndpointRegistry(new ModelResolver(catalog), pool.health().settings(), strategy, environment,
                new PoolMetrics(meters), notifier, System::nanoTime, pool.retireAfter());
    }

    /** Writes the YAML's endpoints into the table and loads the pool before any request is served. */
    @Bean
    PoolRefresher poolRefresher(EndpointStore store, EndpointRegistry registry, EndpointAdmin admin, PoolEndpointsConfig yaml) {
        List<EndpointSpec> specs = yaml.specs(System.getenv());
        if (admin.syncFromConfig(specs)) {
            log.info("wrote {} endpoint(s) from ccag.bedrock.endpoints into the endpoint table", specs.size());
        }
        PoolRefresher refresher = new PoolRefresher(store, registry);
        refresher.reload();
        return refresher;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService poolPoller(PoolRefresher refresher, PoolProperties pool) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccag-pool-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, pool.refreshInterval().toMillis());
        scheduler.scheduleWithFixedDelay(refresher::pollQuietly, every, every, TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
