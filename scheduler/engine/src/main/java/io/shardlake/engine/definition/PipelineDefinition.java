package io.shardlake.engine.definition;

import io.shardlake.transforms.spec.TransformSpec;
import java.util.Objects;

/**
 * One pipeline as declared in a YAML file of {@code dag-definitions/} (or, later, registered
 * through the web form): where rows come from, what is done to them, where they land and when.
 * Instances are only made by {@link DefinitionParser} after validation, so every field is valid.
 *
 * @param alerts  where this pipeline's alerts go, over the service-wide settings
 * @param version a hash of the definition's content: runs record the version they ran with
 */
public record PipelineDefinition(
        String name,
        String description,
        ScheduleSpec schedule,
        SourceSpec source,
        TransformSpec transform,
        PartitionSpec partition,
        TargetSpec target,
        QuarantineSpec quarantine,
        RunPolicy runs,
        AlertSpec alerts,
        String version) {

    public PipelineDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(quarantine, "quarantine");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** A definition with no {@code alerts:} section of its own. */
    public PipelineDefinition(String name, String description, ScheduleSpec schedule, SourceSpec source, TransformSpec transform,
                              PartitionSpec partition, TargetSpec target, QuarantineSpec quarantine, RunPolicy runs, String version) {
        this(name, description, schedule, source, transform, partition, target, quarantine, runs, AlertSpec.NONE, version);
    }
}
