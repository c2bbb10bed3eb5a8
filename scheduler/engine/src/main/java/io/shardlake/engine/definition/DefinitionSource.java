package io.shardlake.engine.definition;

import java.util.Objects;

/**
 * Where a loaded definition came from and the exact text it was parsed from, so the text of each
 * version a run was pinned to can be stored (e.g. in the metadata database) and shown later, even
 * after the file has been edited or deleted.
 *
 * @param fileName the definition file's name in the definitions folder, e.g. {@code orders.yaml}
 * @param text     the file's content exactly as read (UTF-8 decoded), comments and formatting included
 */
public record DefinitionSource(String fileName, String text) {

    public DefinitionSource {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
    }
}
