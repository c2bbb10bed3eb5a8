/**
 * Rules about the lake's tables that every sink reading them shares, so Athena and Redshift
 * describe the same data the same way: {@link io.shardlake.connectors.lake.VersionOrder}, which
 * row of a key is its newest version.
 */
package io.shardlake.connectors.lake;
