package io.shardlake.engine.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Concurrent reads allowed per replica host, shared by every pipeline in this process, so that a
 * dozen pipelines firing together still never open more than the host's budget of queries.
 */
final class HostPermits {

    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    Semaphore forHost(String host, int budget) {
        return permits.computeIfAbsent(host, h -> new Semaphore(budget, true));
    }
}
