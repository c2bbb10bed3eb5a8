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

    static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop", "crm"));

    private Definitions() {
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
