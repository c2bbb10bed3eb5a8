package io.shardlake.transforms.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPathTest {

    static Stream<Arguments> validPaths() {
        return Stream.of(
                Arguments.of("$", List.of()),
                Arguments.of("$.a", List.of(new JsonPath.Step("a", -1))),
                Arguments.of("$.a.b", List.of(new JsonPath.Step("a", -1), new JsonPath.Step("b", -1))),
                Arguments.of("$.items[0].sku", List.of(new JsonPath.Step("items", -1), new JsonPath.Step(null, 0),
                        new JsonPath.Step("sku", -1))),
                Arguments.of("$['key with space']", List.of(new JsonPath.Step("key with space", -1))),
                Arguments.of("$[\"double quoted\"].x", List.of(new JsonPath.Step("double quoted", -1), new JsonPath.Step("x", -1))),
                Arguments.of("$[12]", List.of(new JsonPath.Step(null, 12))),
                Arguments.of("$[ 3 ]", List.of(new JsonPath.Step(null, 3))),
                Arguments.of("$.matrix[1][2]", List.of(new JsonPath.Step("matrix", -1), new JsonPath.Step(null, 1),
                        new JsonPath.Step(null, 2))),
                Arguments.of("$['a.b']", List.of(new JsonPath.Step("a.b", -1))),
                Arguments.of("$['a]b']", List.of(new JsonPath.Step("a]b", -1))),
                Arguments.of("$.ñandú", List.of(new JsonPath.Step("ñandú", -1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPaths")
    void validPathsParseIntoTheirSteps(String text, List<JsonPath.Step> steps) {
        JsonPath path = JsonPath.parse(text);

        assertThat(path.steps()).containsExactlyElementsOf(steps);
        assertThat(path.isRoot()).isEqualTo(steps.isEmpty());
        assertThat(path).hasToString(text);
    }

    static Stream<Arguments> invalidPaths() {
        return Stream.of(
                Arguments.of("$.", "at character 3", "a name is expected after '.'"),
                Arguments.of("$..a", "at character 3", "a name is expected after '.'"),
                Arguments.of("$.a.", "at character 5", "a name is expected after '.'"),
                Arguments.of("$x", "at character 2", "expected '.' or '['"),
                Arguments.of("$.a[", "at character 4", "'[' is not closed"),
                Arguments.of("$.a[x]", "at character 4", "expected an array index or a quoted name"),
                Arguments.of("$.a[-1]", "at character 4", "expected an array index or a quoted name"),
                Arguments.of("$[]", "at character 2", "expected an array index or a quoted name"),
                Arguments.of("$['open]", "at character 3", "the quoted name is not closed"),
                Arguments.of("$['a'x]", "at character 6", "']' is expected after the quoted name"),
                Arguments.of("$.a[0]x", "at character 7", "expected '.' or '['"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPaths")
    void invalidPathsAreRefusedNamingTheCharacter(String text, String where, String problem) {
        assertThatThrownBy(() -> JsonPath.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON path '" + text + "' " + where)
                .hasMessageContaining(problem);
    }

    @Test
    void anIndexTooLargeForAnIntIsRefusedNamingTheCharacter() {
        assertThatThrownBy(() -> JsonPath.parse("$.items[99999999999]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON path '$.items[99999999999]' at character 8")
                .hasMessageContaining("too large");
    }

    @Test
    void aPathMustStartWithTheRoot() {
        assertThatThrownBy(() -> JsonPath.parse("customer.tier"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with '$'")
                .hasMessageContaining("'customer.tier'");
        assertThatThrownBy(() -> JsonPath.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with '$'");
        assertThatThrownBy(() -> JsonPath.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with '$'");
    }
}
