package io.shardlake.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;

/** Test helpers: a minimal valid definition and parsing that returns the errors. */
final class Definitions {

    /** The smallest valid definition; everything else takes its default. */
    static final String MINIMAL = """
            name: orders
            schedule: "*/15 * * * *"
            source:
              connection: shop
              table: orders
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: status, type: string}
                - {name: updated_at, type: timestamp}
            """;

    /** A valid definition that sets every key of the format ({@code src/test/resources/definitions/every_key.yaml}). */
    static final String EVERY_KEY = read("src/test/resources/definitions/every_key.yaml");

    static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop", "crm"));

    private Definitions() {
    }

    private static String read(String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@link #MINIMAL} with {@code find} replaced (it must occur). */
    static String minimalWith(String find, String replacement) {
        assertThat(MINIMAL).contains(find);
        return MINIMAL.replace(find, replacement);
    }

    static List<DefinitionError> errorsOf(String yaml) {
        return errorsOf(PARSER, "form", yaml);
    }

    static List<DefinitionError> errorsOf(DefinitionParser parser, String source, String yaml) {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class, () -> parser.parse(source, yaml));
        assertThat(e).as("expected the definition to be rejected").isNotNull();
        return e.errors();
    }
}
