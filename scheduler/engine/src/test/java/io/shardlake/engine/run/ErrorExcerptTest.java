package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ErrorExcerptTest {

    @Test
    void anUnexpectedFailureKeepsTheLineTheRootCauseAndTheHeadOfItsStack() {
        Exception e = new IllegalStateException("reading failed", new SQLTransientConnectionException("connect timed out after 10000ms"));

        String excerpt = ErrorExcerpt.of("WARN shard01 failed: reading failed", e, true);

        String[] lines = excerpt.split("\n");
        assertThat(lines[0]).isEqualTo("WARN shard01 failed: reading failed");
        assertThat(lines[1]).isEqualTo("java.sql.SQLTransientConnectionException: connect timed out after 10000ms");
        assertThat(lines[2]).startsWith("\tat io.shardlake.engine.run.ErrorExcerptTest.");
        assertThat(lines).hasSizeLessThanOrEqualTo(2 + ErrorExcerpt.FRAMES + 1);
        assertThat(lines[lines.length - 1]).matches("\t\\.\\.\\. \\d+ more");
    }

    @Test
    void aFailureTheEngineRaisedOnPurposeKeepsItsLineAlone() {
        assertThat(ErrorExcerpt.of("WARN shard01 failed: replica lag unknown", new ShardTaskFailure("replica lag unknown", true), false))
                .isEqualTo("WARN shard01 failed: replica lag unknown");
    }
}
