package dev.ccag.gateway.bedrock;

import java.util.ArrayList;
import java.util.List;

/** Collects removed body paths, each once; allocates nothing until something is removed. */
final class RemovedFields {
    private List<String> paths;

    void add(String path) {
        if (paths == null) paths = new ArrayList<>(4);
        if (!paths.contains(path)) paths.add(path);
    }

    void addAll(RemovedFields other) {
        if (other.paths == null) return;
        for (String path : other.paths) add(path);
    }

    List<String> toList() {
        return paths == null ? List.of() : List.copyOf(paths);
    }
}
