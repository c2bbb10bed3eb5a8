package io.shardlake.engine.run;

/**
 * The metadata database refused a task's commit and changed nothing, so the task may remove what
 * it published: either the watermark moved under it, or its run was taken over by another node.
 */
public class CommitRefusedException extends RuntimeException {
    public CommitRefusedException(String message) {
        super(message);
    }
}
