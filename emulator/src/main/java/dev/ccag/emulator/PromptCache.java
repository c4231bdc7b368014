package dev.ccag.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The prompt prefixes "cached" so far (their hashes), least recently used evicted first. */
final class PromptCache {
    private final Map<String, Boolean> prefixes;

    PromptCache(int capacity) {
        this.prefixes = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String prefixHash) {
        return prefixes.get(prefixHash) != null;
    }

    synchronized void add(String prefixHash) {
        prefixes.put(prefixHash, Boolean.TRUE);
    }

    synchronized void clear() {
        prefixes.clear();
    }
}
