package io.shardlake.engine.registration;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/** A unified diff (as {@code diff -u} prints it) between two versions' YAML texts. */
public final class VersionDiff {

    private static final int CONTEXT_LINES = 3;

    private VersionDiff() {
    }

    /** The diff lines, headed {@code --- orders v1} / {@code +++ orders v2}; empty when the texts are equal. */
    public static List<String> unified(PipelineVersion from, PipelineVersion to) {
        List<String> a = from.yaml().lines().toList();
        List<String> b = to.yaml().lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        return UnifiedDiffUtils.generateUnifiedDiff(label(from), label(to), a, patch, CONTEXT_LINES);
    }

    private static String label(PipelineVersion v) {
        return v.pipeline() + " v" + v.version() + " (" + v.author() + ", " + v.createdAt() + ")";
    }
}
