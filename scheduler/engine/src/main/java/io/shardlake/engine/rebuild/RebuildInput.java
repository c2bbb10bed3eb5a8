package io.shardlake.engine.rebuild;

/**
 * A rebuild request as given (REST body or form), before validation.
 *
 * @param definitionVersion the definition version to build the new table version with; null: the current one
 * @param maxConcurrency    shards loading at once; null: {@link RebuildSettings#defaultConcurrency()}
 * @param allowedWindow     {@code HH:MM-HH:MM} when shards may start; null: any time
 * @param zone              the window's zone; null: UTC
 * @param dryRun            plan and estimate only
 */
public record RebuildInput(String definitionVersion, Integer maxConcurrency, String allowedWindow, String zone, boolean dryRun) {
}
