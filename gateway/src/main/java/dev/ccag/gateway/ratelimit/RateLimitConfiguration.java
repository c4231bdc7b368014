package dev.ccag.gateway.ratelimit;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

    @Bean
    RateLimitStore rateLimitStore(RateLimitProperties props) {
        if ("redis".equals(props.store())) {
            return new RedisRateLimitStore(props.redisUrl(), props.redisPrefix(), props.redisTimeout());
        }
        return new LocalRateLimitStore();
    }

    @Bean
    RateLimiter rateLimiter(RateLimitProperties props, RateLimitStore store) {
        return new RateLimiter(props, store, System::currentTimeMillis);
    }
}
