package io.shardlake.connectors.athena;

import java.time.Duration;

/** Waits between polls; tests pass one that advances their clock instead of waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
