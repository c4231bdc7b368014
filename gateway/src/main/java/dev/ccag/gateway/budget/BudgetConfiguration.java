package dev.ccag.gateway.budget;

import dev.ccag.gateway.notify.Notifier;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BudgetProperties.class)
public class BudgetConfiguration {

    @Bean
    BudgetTracker budgetTracker(BudgetRepository repository, JdbcClient jdbc, Notifier notifier, BudgetProperties props) {
        return new BudgetTracker(repository, new SpendSnapshots(new SpendQueries(jdbc), props.closedHoursMaxAge()),
                new BudgetAlerts(notifier), Clock.systemUTC());
    }

    /** Loads the budgets before traffic is served, then keeps them fresh. */
    @Bean
    SmartLifecycle budgetRefresher(BudgetTracker tracker, BudgetProperties props) {
        return new SmartLifecycle() {
            private volatile Thread thread;

            @Override
            public void start() {
                tracker.refresh();
                thread = tracker.startRefreshing(props.refreshInterval());
            }

            @Override
            public void stop() {
                Thread t = thread;
                if (t != null) t.interrupt();
                thread = null;
            }

            @Override
            public boolean isRunning() {
                return thread != null;
            }
        };
    }
}
