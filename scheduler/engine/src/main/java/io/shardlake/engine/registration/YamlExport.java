package io.shardlake.engine.registration;

/**
 * A registered version as a file for {@code dag-definitions/}: a header comment naming the
 * version, author and time, then the exact stored text (comments do not change a definition's
 * version hash, so the file and the registered version run as the same definition).
 */
public final class YamlExport {

    private YamlExport() {
    }

    public static String of(PipelineVersion v) {
        return "# " + v.pipeline() + ".yaml: registered pipeline " + v.pipeline() + ", version " + v.version() + ", saved by "
                + v.author().replaceAll("[\\r\\n]", " ") + " at " + v.createdAt() + "\n"
                + "# Exported from shardlake. To manage it as a file instead, add it to dag-definitions/ (the file then takes\n"
                + "# precedence over the registered versions, which can no longer be edited in the form).\n"
                + v.yaml();
    }

    /** {@code orders.yaml}. */
    public static String fileName(PipelineVersion v) {
        return v.pipeline() + ".yaml";
    }
}
