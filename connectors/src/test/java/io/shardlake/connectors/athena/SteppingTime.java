package io.shardlake.connectors.athena;

import io.shardlake.connectors.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when something sleeps on it: polling tests take no wall time. */
final class SteppingTime implements Sleeper {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T06:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        clock.advance(duration);
    }

    Clock clock() {
        return clock;
    }

    List<Duration> sleeps() {
        return sleeps;
    }
}
