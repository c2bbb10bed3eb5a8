package io.shardlake.engine.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds pipelines whose {@code depends_on} leads back to themselves: their runs would wait for
 * each other until {@code runs.wait_for_upstream} and fail every time, so such definitions are
 * refused at load. Upstreams that are not defined are not a cycle (a downstream may be added
 * before its upstream; its runs say so while it is missing).
 */
final class DependencyCycles {

    private DependencyCycles() {
    }

    /** Pipeline name -> one cycle through it, e.g. {@code [a, b, a]}, for every pipeline on a cycle. */
    static Map<String, List<String>> find(List<PipelineDefinition> definitions) {
        Map<String, List<String>> upstreams = new HashMap<>();
        definitions.forEach(d -> upstreams.put(d.name(), d.runs().dependsOn()));
        Map<String, List<String>> cycles = new LinkedHashMap<>();
        for (PipelineDefinition d : definitions) {
            List<String> path = pathBack(d.name(), d.name(), upstreams, new ArrayList<>(List.of(d.name())), new HashMap<>());
            if (path != null) {
                cycles.put(d.name(), path);
            }
        }
        return cycles;
    }

    /** A path from {@code at} to {@code target} along depends_on, or null; {@code seen} stops revisits. */
    private static List<String> pathBack(String target, String at, Map<String, List<String>> upstreams, List<String> path,
                                         Map<String, Boolean> seen) {
        for (String up : upstreams.getOrDefault(at, List.of())) {
            if (up.equals(target)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(up);
                return cycle;
            }
            if (upstreams.containsKey(up) && seen.putIfAbsent(up, true) == null) {
                path.add(up);
                List<String> found = pathBack(target, up, upstreams, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
