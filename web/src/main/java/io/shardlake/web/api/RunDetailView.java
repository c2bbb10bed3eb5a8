package io.shardlake.web.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A run with every attempt of each of its shard tasks. */
@Schema(name = "RunDetail", description = "A run with every attempt of each of its shard tasks")
record RunDetailView(RunView run, List<ShardTaskView> shards) {
}
