package dev.ccag.emulator;

import java.util.ArrayDeque;
import java.util.Deque;

/** Faults queued through the control API, each consumed by one InvokeModel / stream call. */
final class FaultQueue {
    record QueuedFault(String name, boolean midstream) {}

    private final Deque<QueuedFault> queue = new ArrayDeque<>();

    void add(String name, int count, boolean midstream) {
        if (!Faults.isKnown(name, midstream)) {
            throw new IllegalArgumentException("unknown " + (midstream ? "midstream " : "") + "fault '" + name + "'");
        }
        synchronized (queue) {
            for (int i = 0; i < count; i++) queue.add(new QueuedFault(name, midstream));
        }
    }

    /** The next fault, or null when none is queued. */
    QueuedFault poll() {
        synchronized (queue) {
            return queue.poll();
        }
    }

    /** How many faults are still waiting to be served. */
    int size() {
        synchronized (queue) {
            return queue.size();
        }
    }

    void clear() {
        synchronized (queue) {
            queue.clear();
        }
    }
}
