package io.shardlake.engine.definition;

/**
 * How many malformed rows a run tolerates: above {@code maxFraction} of the rows read on a shard,
 * the shard's run fails and writes nothing, since that many bad rows usually means a changed
 * source format rather than a few broken records.
 */
public record QuarantineSpec(double maxFraction) {
}
