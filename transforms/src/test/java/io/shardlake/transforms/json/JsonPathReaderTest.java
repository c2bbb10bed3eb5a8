package io.shardlake.transforms.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPathReaderTest {

    /** A path as a value (non-textual target). */
    private static JsonTarget value(String path, int slot) {
        return new JsonTarget(JsonPath.parse(path), slot, false, false);
    }

    private static JsonTarget text(String path, int slot) {
        return new JsonTarget(JsonPath.parse(path), slot, true, false);
    }

    private static JsonTarget length(String path, int slot) {
        return new JsonTarget(JsonPath.parse(path), slot, false, true);
    }

    private static JsonPathReader reader(JsonTarget... targets) {
        return new JsonPathReader(List.of(targets), targets.length, null, null);
    }

    /** Reads the document as a String and as UTF-8 bytes; both must agree. */
    private static Object[] read(JsonPathReader reader, String document) throws MalformedJsonException {
        Object[] fromString = new Object[reader.slots()];
        reader.read(document, fromString, null);
        Object[] fromBytes = new Object[reader.slots()];
        reader.read(document.getBytes(StandardCharsets.UTF_8), fromBytes, null);
        assertThat(fromBytes).as("byte[] and String input give the same values").containsExactly(fromString);
        return fromString;
    }

    private static Object readOne(String path, String document) throws MalformedJsonException {
        return read(reader(value(path, 0)), document)[0];
    }

    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.of("42", 42L),
                Arguments.of("-7", -7L),
                Arguments.of("0", 0L),
                Arguments.of("9223372036854775807", Long.MAX_VALUE),
                Arguments.of("-9223372036854775808", Long.MIN_VALUE),
                Arguments.of("9223372036854775808", new BigDecimal("9223372036854775808")),
                Arguments.of("123456789012345678901234567890", new BigDecimal("123456789012345678901234567890")),
                Arguments.of("0.1", new BigDecimal("0.1")),
                Arguments.of("19.990", new BigDecimal("19.990")),
                Arguments.of("-0.000000000000000000000001", new BigDecimal("-0.000000000000000000000001")),
                Arguments.of("3.14159265358979323846264338327950288", new BigDecimal("3.14159265358979323846264338327950288")),
                Arguments.of("1e3", new BigDecimal("1e3")),
                Arguments.of("1.5E-2", new BigDecimal("0.015")),
                Arguments.of("true", Boolean.TRUE),
                Arguments.of("false", Boolean.FALSE),
                Arguments.of("null", null),
                Arguments.of("\"plain\"", "plain"),
                Arguments.of("\"\"", ""),
                Arguments.of("\"São Paulo — 東京\"", "São Paulo — 東京"),
                Arguments.of("\"emoji 😀 ok\"", "emoji 😀 ok"),
                Arguments.of("\"\\ud83d\\ude00\"", "😀"),
                Arguments.of("\"\\u00e9t\\u00e9\"", "été"),
                Arguments.of("\"tab\\tnew\\nline \\\"quoted\\\" back\\\\slash \\/\"", "tab\tnew\nline \"quoted\" back\\slash /"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalars")
    void scalarsOfEveryJsonTypeAreReadExactly(String json, Object expected) throws Exception {
        Object actual = readOne("$.v", "{\"v\":" + json + "}");

        if (expected instanceof BigDecimal d) {
            assertThat(actual).isInstanceOf(BigDecimal.class);
            assertThat((BigDecimal) actual).isEqualByComparingTo(d);
            assertThat(((BigDecimal) actual).toPlainString()).isEqualTo(d.toPlainString());
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void floatsKeepTheirExactDecimalDigitsAndScale() throws Exception {
        Object v = readOne("$.v", "{\"v\":0.1000000000000000055511151231257827}");

        assertThat(v).isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
        assertThat(readOne("$.v", "{\"v\":2.50}")).isEqualTo(new BigDecimal("2.50"));
    }

    @Test
    void theRootPathReadsAScalarDocument() throws Exception {
        assertThat(readOne("$", "17")).isEqualTo(17L);
        assertThat(readOne("$", "\"x\"")).isEqualTo("x");
        assertThat(readOne("$", "null")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.missing", "$.a.missing", "$.a.b.c", "$.list[5]", "$.list[0].x", "$.a[0]", "$.s.x"})
    void missingPathsGiveNull(String path) throws Exception {
        Object[] values = read(reader(value(path, 0)), "{\"a\":{\"b\":1},\"list\":[{\"y\":1}],\"s\":\"text\"}");

        assertThat(values[0]).isNull();
    }

    @Test
    void aNullDocumentLeavesEverySlotNull() throws Exception {
        JsonPathReader reader = reader(value("$.a", 0), length("$.b", 1));
        Object[] values = new Object[2];

        reader.read(null, values, null);

        assertThat(values).containsOnlyNulls();
    }

    @Test
    void severalPathsAreReadInOnePassIntoTheirSlots() throws Exception {
        JsonPathReader reader = reader(value("$.customer.tier", 2), value("$.customer.country", 0),
                value("$.items[1].sku", 1), value("$.channel", 3));

        Object[] values = read(reader, """
                {"channel":"web","customer":{"id":9,"tier":"gold","country":"BR"},
                 "items":[{"sku":"A-1","qty":1},{"sku":"B-2","qty":3}]}""");

        assertThat(values).containsExactly("BR", "B-2", "gold", "web");
    }

    @Test
    void aContainerIsJsonTextForTextualTargets() throws Exception {
        Object[] values = read(reader(text("$.obj", 0), text("$.arr", 1), text("$", 2)),
                "{ \"obj\" : { \"a\" : 1, \"b\" : [true, null, \"x\"] }, \"arr\": [1, 2.50, {\"k\": \"ü😀\"}] }");

        assertThat(values[0]).isEqualTo("{\"a\":1,\"b\":[true,null,\"x\"]}");
        assertThat(values[1]).isEqualTo("[1,2.50,{\"k\":\"ü😀\"}]");
        assertThat((String) values[2]).startsWith("{\"obj\":{").endsWith("}]}");
    }

    @Test
    void containerTextKeepsTheExactValueAndScaleOfNumbers() throws Exception {
        Object[] values = read(reader(text("$.prices", 0)),
                "{\"prices\":[19.990,0.1000000000000000055511151231257827,123456789012345678901234567890,1e2]}");

        // 1e2 may be respelled, but never turned into a double (100.0) or rounded.
        assertThat(values[0]).isEqualTo("[19.990,0.1000000000000000055511151231257827,123456789012345678901234567890,1E+2]");
    }

    @Test
    void aScalarAtATextualTargetStaysAScalar() throws Exception {
        Object[] values = read(reader(text("$.n", 0), text("$.s", 1)), "{\"n\":5,\"s\":\"five\"}");

        assertThat(values).containsExactly(5L, "five");
    }

    @Test
    void aContainerIsAMarkerForNonTextualTargets() throws Exception {
        Object[] values = read(reader(value("$.obj", 0), value("$.arr", 1)), "{\"obj\":{\"a\":1},\"arr\":[1]}");

        assertThat(values[0]).isEqualTo(new JsonContainer("object", "$.obj"));
        assertThat(values[1]).isEqualTo(new JsonContainer("array", "$.arr"));
        assertThat(values[0]).hasToString("a JSON object at $.obj");
    }

    @Test
    void lengthCountsArrayElementsAndObjectMembers() throws Exception {
        Object[] values = read(reader(length("$.arr", 0), length("$.obj", 1), length("$.empty", 2), length("$.emptyObj", 3),
                        length("$.nested", 4)),
                "{\"arr\":[1,[2,3],{\"x\":4}],\"obj\":{\"a\":1,\"b\":{\"c\":2}},\"empty\":[],\"emptyObj\":{},"
                        + "\"nested\":[[1,2,3,4]]}");

        assertThat(values).containsExactly(3, 2, 0, 0, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"abc\"", "true", "null", "2.5"})
    void lengthOfAScalarIsNull(String json) throws Exception {
        assertThat(read(reader(length("$.v", 0)), "{\"v\":" + json + "}")[0]).isNull();
    }

    @Test
    void lengthOfAMissingPathIsNull() throws Exception {
        assertThat(read(reader(length("$.v", 0)), "{}")[0]).isNull();
    }

    @Test
    void aContainerWantedAsTextAndWithChildrenGivesBoth() throws Exception {
        JsonPathReader reader = reader(text("$.customer", 0), value("$.customer.tier", 1), length("$.customer", 2),
                value("$.customer.score", 3));

        Object[] values = read(reader, "{\"customer\":{\"tier\":\"gold\",\"score\":0.1000000000000000055511151231257827}}");

        assertThat(values[0]).isEqualTo("{\"tier\":\"gold\",\"score\":0.1000000000000000055511151231257827}");
        assertThat(values[1]).isEqualTo("gold");
        assertThat(values[2]).isEqualTo(2);
        assertThat(values[3]).isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
    }

    @Test
    void duplicateKeysLastOneWins() throws Exception {
        assertThat(readOne("$.a", "{\"a\":1,\"b\":0,\"a\":2}")).isEqualTo(2L);
        assertThat(readOne("$.a", "{\"a\":{\"x\":1},\"a\":\"plain\"}")).isEqualTo("plain");
        assertThat(read(reader(text("$.a", 0)), "{\"a\":\"plain\",\"a\":[1,2]}")[0]).isEqualTo("[1,2]");
    }

    @Test
    void aDuplicateKeyReplacesTheValuesFoundBelowItsFirstOccurrence() throws Exception {
        JsonPathReader reader = reader(value("$.a.b", 0), value("$.a", 1));

        Object[] values = read(reader, "{\"a\":{\"b\":1},\"a\":null}");

        assertThat(values).containsOnlyNulls();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("truncated object", "{\"a\":1"),
                Arguments.of("truncated inside a skipped subtree", "{\"skip\":{\"x\":[1,2"),
                Arguments.of("truncated string", "{\"a\":\"abc"),
                Arguments.of("trailing garbage", "{\"a\":1} xyz"),
                Arguments.of("trailing second document", "{\"a\":1} {\"a\":2}"),
                Arguments.of("trailing close brace", "{\"a\":1}}"),
                Arguments.of("bad token inside a skipped subtree", "{\"skip\":{\"x\":[1, tru]},\"a\":1}"),
                Arguments.of("bad escape inside a skipped string", "{\"skip\":\"bad \\q escape\",\"a\":1}"),
                Arguments.of("unquoted key inside a skipped subtree", "{\"skip\":{x:1},\"a\":1}"),
                Arguments.of("missing comma", "{\"a\":1 \"b\":2}"),
                Arguments.of("single quotes", "{'a':1}"),
                Arguments.of("trailing comma", "{\"a\":1,}"),
                Arguments.of("not json at all", "hello"),
                Arguments.of("empty document", ""),
                Arguments.of("only whitespace", "   "),
                Arguments.of("leading zero", "{\"skip\":012,\"a\":1}"),
                Arguments.of("NaN literal", "{\"a\":NaN}"),
                // a number no type can hold: quarantined as malformed, not a failure of the whole shard task
                Arguments.of("exponent out of range", "{\"a\":1e2663607639639}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedJsonAnywhereIsRefused(String name, String document) {
        JsonPathReader reader = reader(value("$.a", 0));

        assertThatThrownBy(() -> reader.read(document, new Object[1], null)).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> reader.read(document.getBytes(StandardCharsets.UTF_8), new Object[1], null))
                .isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void aNumberOutOfRangeInsideAContainerWantedAsTextIsRefusedAsMalformed() {
        JsonPathReader reader = reader(text("$.a", 0));

        assertThatThrownBy(() -> reader.read("{\"a\":[1e2663607639639]}", new Object[1], null))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("out of range");
    }

    @Test
    void malformedJsonInsideAContainerWantedAsTextIsRefused() {
        JsonPathReader reader = reader(text("$.a", 0), value("$.a.b", 1));

        assertThatThrownBy(() -> reader.read("{\"a\":{\"b\":1,\"c\":[1,}}", new Object[2], null))
                .isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void invalidUtf8BytesAreRefused() {
        JsonPathReader reader = reader(value("$.a", 0));
        byte[] document = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThatThrownBy(() -> reader.read(document, new Object[1], null)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void theMalformedJsonMessageSaysWhereTheProblemIs() {
        JsonPathReader reader = reader(value("$.a", 0));

        assertThatThrownBy(() -> reader.read("{\"a\":1} xyz", new Object[1], null))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("'xyz'")
                .hasMessageEndingWith(" at character 9 (line 1, column 9)");
        assertThatThrownBy(() -> reader.read("{\"a\":1,\n \"b\": tru}".getBytes(StandardCharsets.UTF_8), new Object[1], null))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("'tru'")
                .hasMessageEndingWith(" (line 2, column 7)");
    }

    @Test
    void aSecondValueAfterTheDocumentIsNamed() {
        JsonPathReader reader = reader(value("$.a", 0));

        assertThatThrownBy(() -> reader.read("{\"a\":1} [2]", new Object[1], null))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("more content after the JSON value at character 9 (line 1, column 9)");
        assertThatThrownBy(() -> reader.read("", new Object[1], null))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("empty JSON document");
    }

    @Test
    void theReaderIsReusableAfterAMalformedDocument() throws Exception {
        JsonPathReader reader = reader(value("$.a", 0));
        assertThatThrownBy(() -> reader.read("{\"a\":", new Object[1], null)).isInstanceOf(MalformedJsonException.class);

        assertThat(read(reader, "{\"a\":3}")).containsExactly(3L);
    }

    // ---- explode ---------------------------------------------------------------------------

    private record Element(int index, String key, List<Object> values) {
    }

    private static List<Element> explode(JsonPathReader reader, Object document, Object[] values) throws MalformedJsonException {
        List<Element> out = new ArrayList<>();
        reader.read(document, values, (index, key, v) -> out.add(new Element(index, key, Arrays.asList(v))));
        return out;
    }

    private static JsonPathReader exploding(String path, List<JsonTarget> docTargets, int docSlots, JsonTarget... elementTargets) {
        JsonPathReader element = new JsonPathReader(List.of(elementTargets), elementTargets.length, null, null);
        return new JsonPathReader(docTargets, docSlots, JsonPath.parse(path), element);
    }

    @Test
    void explodingAnArrayGivesOneElementPerItemWithItsIndexAndFields() throws Exception {
        JsonPathReader reader = exploding("$.items", List.of(value("$.id", 0)), 1,
                value("$.sku", 0), value("$.qty", 1), text("$.tags", 2));
        Object[] values = new Object[1];

        List<Element> elements = explode(reader, """
                {"id":7,"items":[{"sku":"A","qty":1,"tags":["x"]},{"sku":"B","qty":2},{"qty":3,"extra":{"deep":[1]}}]}""",
                values);

        assertThat(values).containsExactly(7L);
        assertThat(elements).containsExactly(
                new Element(0, null, Arrays.asList("A", 1L, "[\"x\"]")),
                new Element(1, null, Arrays.asList("B", 2L, null)),
                new Element(2, null, Arrays.asList(null, 3L, null)));
    }

    @Test
    void explodingAnObjectGivesOneElementPerMemberWithItsKeyAndValue() throws Exception {
        JsonPathReader reader = exploding("$.answers", List.of(), 0, text("$", 0));

        List<Element> elements = explode(reader, "{\"answers\":{\"q1\":4,\"q2\":\"x\",\"q3\":[\"a\",\"b\"]}}", new Object[0]);

        assertThat(elements).containsExactly(
                new Element(0, "q1", List.of(4L)),
                new Element(1, "q2", List.of("x")),
                new Element(2, "q3", List.of("[\"a\",\"b\"]")));
    }

    @Test
    void anExplodedContainerValueIsAMarkerForANonTextualValue() throws Exception {
        JsonPathReader reader = exploding("$.answers", List.of(), 0, value("$", 0));

        List<Element> elements = explode(reader, "{\"answers\":{\"q1\":4,\"q3\":{\"a\":1}}}", new Object[0]);

        assertThat(elements).extracting(e -> e.values().get(0)).containsExactly(4L, new JsonContainer("object", "$"));
    }

    @Test
    void aLengthAtTheExplodedPathIsReadTogetherWithTheExplode() throws Exception {
        JsonPathReader reader = exploding("$.items", List.of(length("$.items", 0), value("$.after", 1)), 2, value("$", 0));
        Object[] values = new Object[2];

        List<Element> elements = explode(reader, "{\"items\":[10,20,30],\"after\":\"z\"}", values);

        assertThat(values).containsExactly(3, "z");
        assertThat(elements).extracting(Element::index).containsExactly(0, 1, 2);
        assertThat(elements).extracting(e -> e.values().get(0)).containsExactly(10L, 20L, 30L);
    }

    @Test
    void theExplodedContainerCanAlsoBeKeptAsText() throws Exception {
        JsonPathReader reader = exploding("$.items", List.of(text("$.items", 0)), 1, value("$.sku", 0));
        Object[] values = new Object[1];

        List<Element> elements = explode(reader, "{\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}]}", values);

        assertThat(values).containsExactly("[{\"sku\":\"A\"},{\"sku\":\"B\"}]");
        assertThat(elements).extracting(e -> e.values().get(0)).containsExactly("A", "B");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"items\":[]}", "{\"items\":{}}", "{\"items\":null}", "{}", "{\"items\":\"scalar\"}"})
    void anEmptyMissingOrNullExplodedPathGivesNoElements(String document) throws Exception {
        JsonPathReader reader = exploding("$.items", List.of(), 0, value("$", 0));

        assertThat(explode(reader, document, new Object[0])).isEmpty();
    }

    @Test
    void explodingTheRootArrayWorks() throws Exception {
        JsonPathReader reader = exploding("$", List.of(), 0, value("$.n", 0));

        List<Element> elements = explode(reader, "[{\"n\":1},{\"n\":2}]", new Object[0]);

        assertThat(elements).extracting(e -> e.values().get(0)).containsExactly(1L, 2L);
    }

    @Test
    void malformedJsonInsideAnExplodedElementIsRefused() {
        JsonPathReader reader = exploding("$.items", List.of(), 0, value("$.sku", 0));

        assertThatThrownBy(() -> explode(reader, "{\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\",\"x\":[1,]}]}", new Object[0]))
                .isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void pathsBelowTheExplodedPathMustBeElementFields() {
        assertThatThrownBy(() -> exploding("$.items", List.of(value("$.items[0].sku", 0)), 1, value("$", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be declared as fields of the explode");
    }
}
