package dev.ccag.emulator;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The mutable state of one emulator instance; {@link #reset()} returns it to a fresh start. */
final class EmulatorState {
    final FaultQueue faults = new FaultQueue();
    final RequestLog requests;
    final PromptCache promptCache = new PromptCache(10_000);
    /** Streams the client broke off before the last frame: proves a gateway cancels upstream calls. */
    final AtomicInteger abortedStreams = new AtomicInteger();
    private final Set<String> rejectedBetas = ConcurrentHashMap.newKeySet();

    EmulatorState(int requestLogSize) {
        this.requests = new RequestLog(requestLogSize);
    }

    void rejectBetas(Collection<String> betas) {
        rejectedBetas.addAll(betas);
    }

    Set<String> rejectedBetas() {
        return rejectedBetas;
    }

    void reset() {
        faults.clear();
        requests.clear();
        promptCache.clear();
        rejectedBetas.clear();
        abortedStreams.set(0);
    }
}
