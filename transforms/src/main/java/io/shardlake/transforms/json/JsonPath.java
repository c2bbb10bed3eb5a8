package io.shardlake.transforms.json;

import java.util.ArrayList;
import java.util.List;

/**
 * A simple JSON path: {@code $}, {@code $.customer.tier}, {@code $.items[0].sku},
 * {@code $['key with spaces']}. No wildcards or filters: exploding arrays is declared with
 * {@code explode}, which keeps the path language small and the parser single-pass.
 */
public final class JsonPath {

    /** One step: an object member name, or an array index. */
    public record Step(String name, int index) {
        boolean isIndex() {
            return name == null;
        }
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** @throws IllegalArgumentException describing what is wrong and at which character */
    public static JsonPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("a JSON path starts with '$', e.g. $.customer.tier; got '" + text + "'");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    i++;
                }
                if (i == start) {
                    throw error(text, start, "a name is expected after '.'");
                }
                steps.add(new Step(text.substring(start, i), -1));
            } else if (c == '[') {
                int quote = i + 1 < text.length() && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"') ? i + 1 : -1;
                if (quote > 0) {
                    // A quoted name may itself contain ']' (or '.'), so look for the closing quote first.
                    int end = text.indexOf(text.charAt(quote), quote + 1);
                    if (end < 0) {
                        throw error(text, quote, "the quoted name is not closed");
                    }
                    if (end + 1 >= text.length() || text.charAt(end + 1) != ']') {
                        throw error(text, end + 1, "']' is expected after the quoted name");
                    }
                    steps.add(new Step(text.substring(quote + 1, end), -1));
                    i = end + 2;
                    continue;
                }
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw error(text, i, "'[' is not closed");
                }
                String inner = text.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                        || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(new Step(inner.substring(1, inner.length() - 1), -1));
                } else if (inner.matches("\\d{1,9}")) {
                    steps.add(new Step(null, Integer.parseInt(inner)));
                } else if (inner.matches("\\d+")) {
                    throw error(text, i, "array index " + inner + " is too large");
                } else {
                    throw error(text, i, "expected an array index or a quoted name inside [...]");
                }
                i = close + 1;
            } else {
                throw error(text, i, "expected '.' or '['");
            }
        }
        return new JsonPath(text, steps);
    }

    private static IllegalArgumentException error(String text, int at, String problem) {
        return new IllegalArgumentException("invalid JSON path '" + text + "' at character " + (at + 1) + ": " + problem);
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean isRoot() {
        return steps.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
