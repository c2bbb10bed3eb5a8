package io.shardlake.engine.definition;

import io.shardlake.transforms.PartitionGranularity;

/** The output column whose UTC date names the {@code dt=} folder of each row, and how fine. */
public record PartitionSpec(String column, PartitionGranularity granularity) {
}
