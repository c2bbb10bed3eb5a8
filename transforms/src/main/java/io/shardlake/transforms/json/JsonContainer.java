package io.shardlake.transforms.json;

/**
 * Marks an object or array found where a scalar column was declared, so the cast can fail
 * with a message that says what was found instead of a bare type error.
 */
public record JsonContainer(String kind, String path) {
    @Override
    public String toString() {
        return "a JSON " + kind + " at " + path;
    }
}
