package dev.ccag.gateway.pricing;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The price book: shipped list prices, the operator's file, and database overrides refreshed in the background. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PricingProperties.class)
public class PricingConfiguration {

    @Bean
    PriceRepository priceRepository(JdbcClient jdbc) {
        return new PriceRepository(jdbc);
    }

    @Bean
    PriceBook priceBook(PricingProperties props, PriceRepository repository, MeterRegistry registry) throws IOException {
        PriceFile shipped;
        try (InputStream in = PricingConfiguration.class.getClassLoader().getResourceAsStream("ccag/prices.yaml")) {
            if (in == null) throw new IllegalStateException("missing resource ccag/prices.yaml");
            shipped = PriceFile.read(in, "ccag/prices.yaml", props.webSearch());
        }
        PriceFile operator = null;
        if (props.file() != null && !props.file().isBlank()) {
            Path path = Path.of(props.file());
            if (!Files.isReadable(path)) throw new IllegalArgumentException("ccag.pricing.file: cannot read " + props.file());
            try (InputStream in = Files.newInputStream(path)) {
                operator = PriceFile.read(in, "ccag.pricing.file", props.webSearch());
            }
        }
        PriceBook book = new PriceBook(shipped, operator, repository, registry);
        book.refresh();
        return book;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService priceRefresher(PriceBook book, PricingProperties props) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("ccag-price-refresh").daemon(true).factory());
        long every = Math.max(1, props.refreshInterval().toMillis());
        executor.scheduleWithFixedDelay(book::refresh, every, every, TimeUnit.MILLISECONDS);
        return executor;
    }
}
