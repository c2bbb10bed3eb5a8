package io.shardlake.web.api;

import java.util.List;

/** A run with every attempt of each of its shard tasks. */
record RunDetailView(RunView run, List<ShardTaskView> shards) {
}
