package dev.ccag.gateway.notify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Notifications: the queue every replica publishes into and the worker that delivers to the channels. */
@Configuration(proxyBeanMethods = false)
public class NotifyConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    QueuedNotifier notifier() {
        return new QueuedNotifier(1000);
    }
}
