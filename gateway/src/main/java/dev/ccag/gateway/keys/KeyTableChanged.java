package dev.ccag.gateway.keys;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Published inside a transaction that changed keys or their owners. Once it commits, this replica
 * refreshes its key table at once, so a revocation made here takes effect here without waiting for
 * the periodic refresh (which is what carries it to the other replicas).
 */
public record KeyTableChanged() {

    @Component
    static class Listener {
        private final DatabaseAuthenticator authenticator;

        Listener(DatabaseAuthenticator authenticator) {
            this.authenticator = authenticator;
        }

        @TransactionalEventListener
        void afterCommit(KeyTableChanged event) {
            authenticator.refresh();
        }
    }
}
