package dev.ccag.gateway.websearch;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The search providers and the searcher; the step itself is placed in the pipeline by ProxyConfiguration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebSearchProperties.class)
public class WebSearchConfiguration {

    @Bean
    WebSearchMetrics webSearchMetrics(MeterRegistry registry) {
        return new WebSearchMetrics(registry);
    }

    @Bean
    WebSearcher webSearcher(WebSearchProperties props, WebSearchMetrics metrics) {
        return new WebSearcher(SearchProviders.from(props, JsonMapper.builder().build()), metrics, props.maxQueryLength());
    }
}
