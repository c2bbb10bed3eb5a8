package io.shardlake.engine.registration;

import java.time.Instant;
import java.util.Objects;

/**
 * One saved version of a registered pipeline.
 *
 * @param version 1 for the first registration, then one more per saved edit
 * @param yaml    the definition's exact YAML text
 * @param author  who saved it (the authenticated user name)
 * @param comment what the author said about the change; empty when nothing
 */
public record PipelineVersion(String pipeline, int version, String yaml, String author, Instant createdAt, String comment) {
    public PipelineVersion {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
        comment = comment == null ? "" : comment;
    }
}
