package dev.ccag.gateway.usage;

import dev.ccag.gateway.config.CcagProperties;
import dev.ccag.gateway.pricing.PriceBook;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The usage ledger: spool, recorder (a proxy listener), background writer, retention and queries. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsageProperties.class)
public class UsageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(UsageConfiguration.class);

    @Bean
    UsageSpool usageSpool(UsageProperties props, CcagProperties ccag) throws IOException {
        Path dir = props.spoolDir() != null && !props.spoolDir().isBlank() ? Path.of(props.spoolDir())
                : Path.of(ccag.dataDir()).resolve("usage-spool");
        return UsageSpool.open(dir, props.segmentSize().toBytes());
    }

    @Bean
    SqlDialect sqlDialect(DataSource dataSource) {
        return SqlDialect.of(dataSource);
    }

    @Bean
    UsageStore usageStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, SqlDialect dialect) {
        return new UsageStore(jdbc, new TransactionTemplate(transactions), dialect);
    }

    @Bean
    UsageWriter usageWriter(UsageSpool spool, UsageStore store, UsageProperties props, MeterRegistry registry,
            ObjectProvider<UsageListener> listeners) {
        return new UsageWriter(spool, store, props.batchSize(), props.batchInterval(), props.drainTimeout(), registry,
                listeners.orderedStream().toList());
    }

    @Bean
    public UsageRecorder usageRecorder(UsageSpool spool, PriceBook prices, ObjectProvider<UsageListener> listeners) {
        return new UsageRecorder(spool, prices, Clock.systemUTC(), listeners.orderedStream().toList());
    }

    @Bean
    UsageQueries usageQueries(JdbcClient jdbc) {
        return new UsageQueries(jdbc);
    }

    @Bean
    UsageRetention usageRetention(JdbcClient jdbc, UsageProperties props) {
        return new UsageRetention(jdbc, new JobLock(jdbc, Clock.systemUTC(), replicaName()), Clock.systemUTC(),
                Duration.ofDays(props.retentionDays()));
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService usageRetentionSchedule(UsageRetention retention, UsageProperties props) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ccag-usage-retention").daemon(true).factory());
        long every = props.retentionInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                retention.run();
            } catch (RuntimeException e) {
                log.warn("usage retention failed; retried in {}: {}", props.retentionInterval(), e.toString());
            }
        }, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
        return executor;
    }

    /** Identifies this process as a lease holder; no name lookup (that could leave the host). */
    private static String replicaName() {
        return "pid-" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }
}
