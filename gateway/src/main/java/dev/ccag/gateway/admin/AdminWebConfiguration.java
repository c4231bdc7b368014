package dev.ccag.gateway.admin;

import dev.ccag.gateway.keys.Authenticator;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the admin API: request ids, authentication of {@code /admin/v1/**}, the Actor parameter. */
@Configuration(proxyBeanMethods = false)
public class AdminWebConfiguration implements WebMvcConfigurer {
    public static final String PREFIX = "/admin/v1";
    private final Authenticator authenticator;
    private final ActorDirectory directory;

    AdminWebConfiguration(Authenticator authenticator, ActorDirectory directory) {
        this.authenticator = authenticator;
        this.directory = directory;
    }

    @Bean
    FilterRegistrationBean<AdminRequestIds> adminRequestIds() {
        FilterRegistrationBean<AdminRequestIds> registration = new FilterRegistrationBean<>(new AdminRequestIds());
        registration.addUrlPatterns("/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ActorInterceptor(authenticator, directory)).addPathPatterns(PREFIX + "/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ActorArgumentResolver());
    }
}
