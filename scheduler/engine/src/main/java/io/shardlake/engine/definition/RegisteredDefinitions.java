package io.shardlake.engine.definition;

import java.util.List;
import java.util.Objects;

/**
 * Definitions registered through the web form or REST, kept outside the definitions folder (in
 * the metadata database), which the {@link DefinitionRegistry} adds to the folder's.
 */
public interface RegisteredDefinitions {

    /** The latest version of one registered pipeline: its number and exact YAML text. */
    record Latest(String pipeline, int version, String text) {
        public Latest {
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Nothing is registered: a registry of the folder alone. */
    RegisteredDefinitions NONE = new RegisteredDefinitions() {
        @Override
        public List<Latest> latest() {
            return List.of();
        }

        @Override
        public String changeToken() {
            return "";
        }
    };

    /** The latest version of every registered pipeline. */
    List<Latest> latest();

    /**
     * A short value that differs whenever a version has been saved since it was last read, cheap
     * enough to ask every definitions poll (one indexed aggregate, no texts).
     */
    String changeToken();

    /** {@code registered:orders}: where a registered definition comes from, in catalog sources and errors. */
    static String sourceName(String pipeline) {
        return "registered:" + pipeline;
    }

    static boolean isRegistered(DefinitionSource source) {
        return source.fileName().startsWith("registered:");
    }
}
