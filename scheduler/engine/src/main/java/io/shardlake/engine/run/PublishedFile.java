package io.shardlake.engine.run;

/** A file a shard task publishes: data (Parquet) or quarantine (JSON lines). */
public record PublishedFile(String key, Kind kind, long rows, long bytes) {
    public enum Kind { DATA, QUARANTINE }
}
