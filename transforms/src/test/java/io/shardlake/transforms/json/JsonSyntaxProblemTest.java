package io.shardlake.transforms.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a quarantine reason says about malformed JSON: what is wrong and where, in plain words. */
class JsonSyntaxProblemTest {

    private static final JsonPathReader READER = new JsonPathReader(
            List.of(new JsonTarget(JsonPath.parse("$.a"), 0, false, false)), 1, null, null);

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("{\"a\":1", "the document ends before an object is closed (a '}' is missing) at character 7 (line 1, column 7)"),
                Arguments.of("[1,2", "the document ends before an array is closed (a ']' is missing) at character 5 (line 1, column 5)"),
                Arguments.of("{\"a\":\"abc", "the document ends inside a string (a closing '\"' is missing) at character 10 (line 1, column 10)"),
                Arguments.of("{\"a\":1 \"b\":2}", "expected ',' or '}' between object members, found '\"' at character 8 (line 1, column 8)"),
                Arguments.of("[1 2]", "expected ',' or ']' between array elements, found '2' at character 4 (line 1, column 4)"),
                Arguments.of("{'a':1}", "expected a member name in double quotes, found ''' at character 2 (line 1, column 2)"),
                Arguments.of("{\"a\":1,}", "expected a member name in double quotes, found '}' at character 8 (line 1, column 8)"),
                Arguments.of("{\"a\" 1}", "expected ':' after a member name, found '1' at character 6 (line 1, column 6)"),
                Arguments.of("{\"a\":[1,}", "expected a value (a string, number, object, array, true, false or null), found '}'"
                        + " at character 9 (line 1, column 9)"),
                Arguments.of("{\"a\":tru}", "'tru' is not a JSON value (expected a string, number, object, array, true, false or null)"
                        + " at character 6 (line 1, column 6)"),
                Arguments.of("{\"a\":1}}", "'}' closes nothing that is open at character 8 (line 1, column 8)"),
                Arguments.of("{\"a\":1]", "']' where '}' should close the open object at character 7 (line 1, column 7)"),
                Arguments.of("{\"a\":\"bad \\q\"}", "'\\q' is not a valid escape in a string at character 12 (line 1, column 12)"),
                Arguments.of("{\"a\":\"\\u00zz\"}", "expected four hex digits after \\u in a string, found 'z' at character 11 (line 1, column 11)"),
                Arguments.of("{\"a\":NaN}", "'NaN' is not a JSON number at character 9 (line 1, column 9)"),
                Arguments.of("{\"a\":01}", "a number starts with a zero (JSON numbers have no leading zeroes) at character 7 (line 1, column 7)"),
                Arguments.of("{\"a\":+1}", "a number starts with '+' (JSON numbers have none), found '+' at character 7 (line 1, column 7)"),
                Arguments.of("{\"a\":-}", "expected a digit after the minus sign of a number, found '}' at character 7 (line 1, column 7)"),
                Arguments.of("{\"a\":\"tab\there\"}", "the control character U+0009 inside a string (it must be escaped) at character 10 (line 1, column 10)"),
                Arguments.of("{\"a\":1} {\"a\":2}", "more content after the JSON value at character 9 (line 1, column 9)"),
                Arguments.of("{\n  \"a\": 1,\n  \"b\" 2\n}", "expected ':' after a member name, found '2' at character 19 (line 3, column 7)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void saysWhatIsWrongAndWhereForTextAndUtf8(String document, String reason) {
        assertThat(problem(document)).isEqualTo(reason);
        assertThat(problem(document.getBytes(StandardCharsets.UTF_8))).isEqualTo(reason);
    }

    @Test
    void theCharacterIsCountedInCharactersNotBytes() {
        String document = "{\"name\":\"Zoë Ünal\" \"b\":1}";

        assertThat(problem(document.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("expected ',' or '}' between object members, found '\"' at character 20 (line 1, column 20)")
                .isEqualTo(problem(document));
    }

    @Test
    void invalidUtf8IsNamedAsSuch() {
        byte[] document = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(problem(document)).startsWith("the bytes are not valid UTF-8 at character ");
    }

    @Test
    void anUnknownMessageKeepsItsWordsWithoutTheParsersInternals() {
        assertThat(JsonSyntaxProblem.what("Something odd (for Object starting at [Source: REDACTED "
                + "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN]) at '}' (code 125)"))
                .isEqualTo("Something odd at '}'");
    }

    private static String problem(Object document) {
        MalformedJsonException e = catchThrowableOfType(MalformedJsonException.class,
                () -> READER.read(document, new Object[1], null));
        assertThat(e).as("malformed: %s", document).isNotNull();
        assertThat(e.getMessage()).doesNotContain("Source:", "REDACTED", "Feature", "#UNKNOWN", "(code", "CTRL-CHAR", "VALUE_",
                "START_", "`");
        return e.getMessage();
    }
}
