package io.shardlake.engine.rebuild;

import io.shardlake.engine.definition.AllowedWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A rebuild as recorded: reload the whole table of {@code pipeline} with definition version
 * {@code definitionVersion} into table version {@code version}, beside version {@code fromVersion}
 * (live when it started), at most {@code maxConcurrency} shards at once, starting shards only
 * inside {@code allowedWindow} (null: any time).
 *
 * @param reason why it is in its state (paused by, failed because); null when nothing to say
 */
public record Rebuild(String id, String pipeline, int version, int fromVersion, String definitionVersion, List<String> shards,
                      int maxConcurrency, AllowedWindow allowedWindow, RebuildState state, Instant createdAt, Instant changedAt,
                      String reason) {

    public Rebuild {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(state, "state");
        shards = List.copyOf(shards);
    }

    /** The run key of a shard's full load: one run per shard however often a request is retried. */
    public static String shardRunKey(String rebuildId, String shard) {
        return "rebuild:" + rebuildId + ":" + shard;
    }

    /** The run key of the rebuild's switch run: queued once. */
    public static String switchRunKey(String rebuildId) {
        return "rebuild:" + rebuildId + ":switch";
    }

    /** The run key of attempt {@code attempt} of the switch run (the first is {@link #switchRunKey(String)}): queued once each. */
    public static String switchRunKey(String rebuildId, int attempt) {
        return attempt == 1 ? switchRunKey(rebuildId) : switchRunKey(rebuildId) + ":" + attempt;
    }
}
