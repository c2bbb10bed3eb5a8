package io.shardlake.engine.source;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The configured source connections, by name. */
public final class SourceConnections {

    private final Map<String, SourceConnection> byName = new LinkedHashMap<>();

    public SourceConnections(Collection<SourceConnection> connections) {
        for (SourceConnection c : connections) {
            if (byName.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("source connection '" + c.name() + "' is configured twice");
            }
        }
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** @throws IllegalArgumentException naming the configured connections */
    public SourceConnection get(String name) {
        SourceConnection c = byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown source connection '" + name + "'; configured: " + byName.keySet());
        }
        return c;
    }
}
