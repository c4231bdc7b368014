package dev.ccag.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last model requests received, oldest first, bounded. */
final class RequestLog {
    private final int capacity;
    private final Deque<RecordedRequest> entries = new ArrayDeque<>();

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(RecordedRequest r) {
        if (entries.size() == capacity) entries.removeFirst();
        entries.addLast(r);
    }

    synchronized List<RecordedRequest> all() {
        return List.copyOf(entries);
    }

    /** The newest {@code limit} entries, oldest first. */
    synchronized List<RecordedRequest> last(int limit) {
        List<RecordedRequest> all = new ArrayList<>(entries);
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    synchronized RecordedRequest newest() {
        return entries.peekLast();
    }

    synchronized void clear() {
        entries.clear();
    }
}
