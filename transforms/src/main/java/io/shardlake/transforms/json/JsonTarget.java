package io.shardlake.transforms.json;

/**
 * Where one path's value goes: a slot of the output array, and what to take from the path.
 *
 * @param textual  a container found at the path is written as JSON text (json/string columns)
 * @param length   the element count of a container is taken instead of its content
 */
public record JsonTarget(JsonPath path, int slot, boolean textual, boolean length) {
}
