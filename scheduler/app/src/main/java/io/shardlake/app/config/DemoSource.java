package io.shardlake.app.config;

import io.shardlake.engine.source.SourceConnection;

/** The connection of the built-in demo source, when it is enabled. */
public record DemoSource(SourceConnection connection) {
}
