package io.shardlake.web.testing;

import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.web.api.ApiTestApplication;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tests on the web module's shared test service ({@link ApiTestApplication}): the service is
 * started once for all of them, so each test starts a second later on its clock, with nothing paused.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SharedServiceTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected RunQueue queue;

    @Autowired
    protected RunRepository runs;

    @Autowired
    protected SettableClock clock;

    /** The clock's time when the test started. */
    protected Instant now;

    @BeforeEach
    void aSecondLaterWithNothingPaused() {
        clock.advance(Duration.ofSeconds(1));
        now = clock.instant();
        queue.pausedPipelines().forEach(p -> queue.setPaused(p, false, "test", now));
    }
}
