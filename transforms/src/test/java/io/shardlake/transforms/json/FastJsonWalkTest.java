package io.shardlake.transforms.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast walk must give exactly what Jackson gives (values, or the malformed-JSON message) on
 * every document, and must actually take the plain ones.
 */
class FastJsonWalkTest {

    private static final List<JsonTarget> TARGETS = List.of(
            new JsonTarget(JsonPath.parse("$.customer.tier"), 0, true, false),
            new JsonTarget(JsonPath.parse("$.customer.country"), 1, true, false),
            new JsonTarget(JsonPath.parse("$.items"), 2, false, true),
            new JsonTarget(JsonPath.parse("$.items[1].price"), 3, false, false),
            new JsonTarget(JsonPath.parse("$.customer"), 4, false, false),
            new JsonTarget(JsonPath.parse("$.n"), 5, false, false),
            new JsonTarget(JsonPath.parse("$['é']"), 6, true, false),
            new JsonTarget(JsonPath.parse("$.b[0]"), 7, false, false),
            new JsonTarget(JsonPath.parse("$.customer"), 8, false, true));

    private static final String ORDER = "{\"customer\":{\"id\":67412,\"tier\":\"silver\",\"country\":\"IT\",\"segment\":\"consumer\"},"
            + "\"items\":[{\"sku\":\"SKU-49273\",\"qty\":1,\"price\":49.30},{\"sku\":\"SKU-98548\",\"qty\":4,\"price\":110.14}],"
            + "\"channel\":\"android\",\"gift\":false}";

    private final JsonPathReader reader = new JsonPathReader(TARGETS, 9, null, null);

    @Test
    void aPlainDocumentIsWalkedWithoutJacksonAndGivesJacksonsValues() throws Exception {
        Object[] fast = new Object[9];
        assertThat(FastJsonWalk.read(ORDER.getBytes(StandardCharsets.UTF_8), rootOf(reader), fast)).isTrue();
        Object[] jackson = new Object[9];
        reader.readWithJackson(ORDER.getBytes(StandardCharsets.UTF_8), jackson, null);
        assertThat(fast).containsExactly(jackson);
        assertThat(fast[0]).isEqualTo("silver");
        assertThat(fast[2]).isEqualTo(2);
        assertThat(fast[3]).isEqualTo(new java.math.BigDecimal("110.14"));
        assertThat(fast[4]).isEqualTo(new JsonContainer("object", "$.customer"));
        assertThat(fast[8]).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "01", "1.", ".5", "-", "+1", "1e", "tru", "truex", "nul",
            "\"\\x\"", "\"\\u12G4\"", "\"a\u0001\"", "{} {}", "{}x", "{\"customer\":{\"tier\":\"a\\\"b\"}}", "{\"n\":1e3}",
            "{\"n\":12345678901234567890}", "{'a':1}", "[1 2]", "{\"a\":NaN}"})
    void documentsOutsideThePlainCaseAreLeftToJackson(String document) {
        Object[] values = new Object[9];
        Arrays.fill(values, "kept");
        assertThat(FastJsonWalk.read(document.getBytes(StandardCharsets.UTF_8), rootOf(reader), values)).isFalse();
        assertThat(values).as("untouched when unsure").containsOnly("kept");
    }

    /**
     * Names and skipped strings are scanned eight bytes at a time: a quote, backslash, control
     * byte or non-ASCII byte at any offset of a word, and after a word of plain bytes, is found.
     */
    @Test
    void aByteThatEndsAPlainRunIsFoundAtEveryOffsetOfAWord() {
        String[] specials = {"\"", "\\n", "\\u00e9", "\\q", "\u0001", "\u001f", "é", "€", "😀", "\u007f", " "};
        byte[][] invalid = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80}};
        int cases = 0;
        for (int offset = 0; offset < 20; offset++) {
            String before = "abcdefghijklmnopqrstuvwxyz".substring(0, offset);
            List<byte[]> fragments = new ArrayList<>();
            for (String special : specials) {
                fragments.add(special.getBytes(StandardCharsets.UTF_8));
            }
            fragments.addAll(Arrays.asList(invalid));
            for (byte[] special : fragments) {
                for (String template : List.of("{\"skipped\":\"%s\",\"n\":1}", "{\"%s\":1,\"n\":2}", "{\"items\":[{\"%s\":\"x\"}],\"n\":3}")) {
                    String[] parts = template.split("%s");
                    byte[] document = concat(parts[0].getBytes(StandardCharsets.UTF_8), before.getBytes(StandardCharsets.UTF_8),
                            special, "tail".getBytes(StandardCharsets.UTF_8), parts[1].getBytes(StandardCharsets.UTF_8));
                    assertThat(outcome(document, false)).as("document %s", new String(document, StandardCharsets.UTF_8))
                            .isEqualTo(outcome(document, true));
                    cases++;
                }
            }
        }
        assertThat(cases).isEqualTo(20 * 15 * 3);
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Test
    void generatedAndMutatedDocumentsGiveWhatJacksonGives() {
        Random random = new Random(20261207);
        int walkedFast = 0;
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder doc = new StringBuilder();
            value(random, doc, 0, true);
            byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
            if (i % 2 == 1) {
                bytes = mutate(random, bytes);
            }
            Outcome jackson = outcome(bytes, true);
            Outcome actual = outcome(bytes, false);
            assertThat(actual).as("document %s", new String(bytes, StandardCharsets.UTF_8)).isEqualTo(jackson);
            if (jackson.error == null) {
                valid++;
                if (FastJsonWalk.read(bytes, rootOf(reader), new Object[9])) {
                    walkedFast++;
                }
            }
        }
        assertThat(valid).isGreaterThan(10_000);
        assertThat(walkedFast).as("plain documents take the fast walk").isGreaterThan(valid / 3);
    }

    private record Outcome(List<Object> values, String error) {
    }

    private Outcome outcome(byte[] document, boolean jacksonOnly) {
        Object[] values = new Object[9];
        try {
            if (jacksonOnly) {
                reader.readWithJackson(document, values, null);
            } else {
                reader.read(document, values, null);
            }
            // BigDecimal equality includes the scale, as the writer's checks do
            return new Outcome(Arrays.asList(values), null);
        } catch (MalformedJsonException | RuntimeException e) {
            // Jackson refuses some numbers with a NumberFormatException; the fast walk must leave those to it too
            return new Outcome(null, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static JsonPathReader.Node rootOf(JsonPathReader reader) {
        return reader.root();
    }

    private static final String[] NAMES = {"customer", "tier", "country", "items", "price", "n", "b", "é", "x\\\"y", "sku", "é\\u00e9"};

    private static void value(Random random, StringBuilder out, int depth, boolean root) {
        int kind = random.nextInt(root ? 2 : depth > 4 ? 5 : 7);
        switch (kind) {
            case 0, 5 -> {
                out.append('{');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(space(random)).append('"').append(NAMES[random.nextInt(NAMES.length)])
                            .append('"').append(space(random)).append(':').append(space(random));
                    value(random, out, depth + 1, false);
                }
                out.append(space(random)).append('}');
            }
            case 1, 6 -> {
                out.append('[');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(space(random));
                    value(random, out, depth + 1, false);
                }
                out.append(space(random)).append(']');
            }
            case 2 -> out.append('"').append(text(random)).append('"');
            case 3 -> out.append(number(random));
            default -> out.append(new String[] {"true", "false", "null"}[random.nextInt(3)]);
        }
    }

    private static String space(Random random) {
        return random.nextInt(4) == 0 ? new String[] {" ", "\n", "\t ", "\r\n"}[random.nextInt(4)] : "";
    }

    private static String text(Random random) {
        String[] pieces = {"silver", "IT", "a b", "é", "東京", "😀", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", "\\/", "", "x"};
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    private static String number(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Integer.toString(random.nextInt(1000) - 500);
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "12345678901234567890123";
            case 3 -> "-0";
            case 4 -> (random.nextInt(2000) - 1000) + "." + "0123456789".substring(random.nextInt(9));
            case 5 -> "1.5e" + (random.nextInt(20) - 10);
            case 6 -> "0.000";
            default -> "999999999999999999";
        };
    }

    private static byte[] mutate(Random random, byte[] bytes) {
        byte[] interesting = "{}[]\",:\\ 0-.e+tfnu\u0001x".getBytes(StandardCharsets.ISO_8859_1);
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = list.isEmpty() ? 0 : random.nextInt(list.size() + 1);
            byte pick = random.nextInt(6) == 0 ? (byte) (0x80 + random.nextInt(0x80)) : interesting[random.nextInt(interesting.length)];
            switch (random.nextInt(3)) {
                case 0 -> list.add(at, pick);
                case 1 -> {
                    if (at < list.size()) {
                        list.remove(at);
                    }
                }
                default -> {
                    if (at < list.size()) {
                        list.set(at, pick);
                    }
                }
            }
        }
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
