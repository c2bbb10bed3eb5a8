package io.shardlake.engine.registration;

import io.shardlake.engine.definition.RegisteredDefinitions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every version of every registered pipeline (the metadata database's
 * {@code registered_pipeline_version}); its latest versions are what the definition catalog loads.
 */
public interface RegisteredPipelineStore extends RegisteredDefinitions {

    /**
     * What a save did.
     *
     * @param created false when the text equals the latest version's: nothing was saved and
     *                {@code version} is that latest version
     */
    record Saved(PipelineVersion version, boolean created) {
    }

    Optional<PipelineVersion> latestVersion(String pipeline);

    /** Every version of the pipeline, oldest first; empty when it was never registered. */
    List<PipelineVersion> versions(String pipeline);

    Optional<PipelineVersion> version(String pipeline, int version);

    /**
     * Saves {@code yaml} as the pipeline's next version, unless it equals the latest version's text.
     *
     * @param expectedLatest the version the author started from (0: the pipeline must be new), or
     *                       null to save on top of whatever is latest
     * @throws VersionConflictException when the latest version is not {@code expectedLatest}, or
     *                                  another save took the same version number at the same time
     */
    Saved save(String pipeline, String yaml, String author, String comment, Instant at, Integer expectedLatest);
}
