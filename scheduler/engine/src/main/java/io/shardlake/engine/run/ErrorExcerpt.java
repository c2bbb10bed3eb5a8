package io.shardlake.engine.run;

/**
 * A failed attempt as on-call would read it in the node's log, kept with the attempt for the run
 * page: the line logged, and for an unexpected exception the root cause with the head of its
 * stack. Bounded, so a deep stack costs a few hundred bytes.
 */
final class ErrorExcerpt {

    static final int FRAMES = 8;

    private ErrorExcerpt() {
    }

    /** @param withStack false for failures the engine raised on purpose (their message says it all) */
    static String of(String line, Throwable e, boolean withStack) {
        StringBuilder sb = new StringBuilder(line);
        if (!withStack || e == null) {
            return sb.toString();
        }
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        sb.append('\n').append(root.getClass().getName()).append(": ").append(root.getMessage());
        StackTraceElement[] stack = root.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
            sb.append("\n\tat ").append(stack[i]);
        }
        if (stack.length > FRAMES) {
            sb.append("\n\t... ").append(stack.length - FRAMES).append(" more");
        }
        return sb.toString();
    }
}
