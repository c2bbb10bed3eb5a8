package io.shardlake.transforms.json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Says what is wrong with a malformed JSON document and where, for the people who read quarantine
 * reasons: "expected ',' or '}' between object members, found '"' at character 8 (line 1, column 8)".
 * The parser's own messages name its internals (feature flags, token types, a redacted source), so
 * the known ones are reworded here; an unknown one keeps its words without the internals. The
 * place is counted in the document itself, so text and UTF-8 input name the same character.
 */
public final class JsonSyntaxProblem {

    private static final String VALUE_KINDS = "a string, number, object, array, true, false or null";
    private static final int MAX_QUOTED = 40;

    private record Rewording(Pattern pattern, Function<Matcher, String> words) {
        static Rewording of(String regex, Function<Matcher, String> words) {
            return new Rewording(Pattern.compile(regex), words);
        }
    }

    // The parser's message (its start is enough) -> plain words; the first that matches is used.
    private static final List<Rewording> REWORDINGS = List.of(
            Rewording.of("^Unexpected end-of-input: expected close marker for (Object|Array)",
                    m -> "the document ends before " + container(m.group(1)) + " is closed (a '" + closer(m.group(1)) + "' is missing)"),
            Rewording.of("^Unexpected end-of-input.*(quote|STRING)",
                    m -> "the document ends inside a string (a closing '\"' is missing)"),
            Rewording.of("^Unexpected end-of-input", m -> "the document ends too early"),
            Rewording.of("^Unrecognized token '(.*)': was expecting",
                    m -> quoted(m.group(1)) + " is not a JSON value (expected " + VALUE_KINDS + ")"),
            Rewording.of("^Unexpected close marker '(.)': no open", m -> "'" + m.group(1) + "' closes nothing that is open"),
            Rewording.of("^Unexpected close marker '(.)': expected '(.)'",
                    m -> "'" + m.group(1) + "' where '" + m.group(2) + "' should close the open " + kindOf(m.group(2))),
            Rewording.of("^Unrecognized character escape '(.+?)' \\(code (\\d+)\\)",
                    m -> "'\\" + character(Integer.parseInt(m.group(2))) + "' is not a valid escape in a string"),
            Rewording.of("^Unexpected character \\('.*' \\(code (\\d+)\\)\\)(?: in numeric value)?: (.*)",
                    m -> expectation(m.group(2)) + ", found " + quotedCharacter(Integer.parseInt(m.group(1)))),
            Rewording.of("^Non-standard token '(.+?)'", m -> quoted(m.group(1)) + " is not a JSON number"),
            Rewording.of("^Invalid numeric value: Leading zeroes", m -> "a number starts with a zero (JSON numbers have no leading zeroes)"),
            Rewording.of("^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)",
                    m -> "the control character " + codePoint(Integer.parseInt(m.group(1))) + " inside a string (it must be escaped)"),
            Rewording.of("^Invalid UTF-8", m -> "the bytes are not valid UTF-8"),
            Rewording.of("^(.+?) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)",
                    m -> m.group(1).toLowerCase(Locale.ROOT) + " " + m.group(2) + " is over the limit of " + m.group(3)));

    // What an "Unexpected character" message says was expected -> plain words.
    private static final List<Rewording> EXPECTATIONS = List.of(
            Rewording.of("^was expecting double-quote to start property name", m -> "expected a member name in double quotes"),
            Rewording.of("^was expecting comma to separate Object entries", m -> "expected ',' or '}' between object members"),
            Rewording.of("^was expecting comma to separate Array entries", m -> "expected ',' or ']' between array elements"),
            Rewording.of("^was expecting a colon", m -> "expected ':' after a member name"),
            Rewording.of("^expected a (valid )?value", m -> "expected a value (" + VALUE_KINDS + ")"),
            Rewording.of("^expected a hex-digit", m -> "expected four hex digits after \\u in a string"),
            Rewording.of("^expected digit .*minus sign", m -> "expected a digit after the minus sign of a number"),
            Rewording.of("^Decimal point not followed by a digit", m -> "expected a digit after the decimal point of a number"),
            Rewording.of("^Exponent indicator not followed by a digit", m -> "expected a digit after the exponent of a number"),
            Rewording.of("^JSON spec does not allow numbers to have plus signs", m -> "a number starts with '+' (JSON numbers have none)"));

    private JsonSyntaxProblem() {
    }

    /** @param document the text ({@link CharSequence}) or UTF-8 bytes the parser failed on */
    public static String describe(JacksonException e, Object document) {
        return what(e.getOriginalMessage()) + where(e.getLocation(), document);
    }

    /** Content after the document's value (a second value, or garbage the parser tokenized). */
    public static String trailingContent(TokenStreamLocation location, Object document) {
        return "more content after the JSON value" + where(location, document);
    }

    static String what(String message) {
        String found = reword(REWORDINGS, message);
        return found != null ? found : withoutInternals(message);
    }

    private static String expectation(String text) {
        String found = reword(EXPECTATIONS, text);
        return found != null ? found : withoutInternals(text);
    }

    private static String reword(List<Rewording> rewordings, String message) {
        if (message == null) {
            return null;
        }
        for (Rewording r : rewordings) {
            Matcher m = r.pattern.matcher(message);
            if (m.find()) {
                return r.words.apply(m);
            }
        }
        return null;
    }

    /** An unknown message, less its source description, feature names and character codes. */
    private static String withoutInternals(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        return message.replaceAll("\\s*\\((start marker at |for \\w+ starting at )?\\[Source:.*?\\]\\)", "")
                .replaceAll("\\[Source:.*?\\]", "")
                .replaceAll(":?\\s*enable `[^`]*` to allow", "")
                .replaceAll("`[^`]*`", "")
                .replaceAll("\\s*\\(code \\d+\\)", "")
                .strip();
    }

    /**
     * " at character N (line L, column C)", N counting from 1 in code points; empty when the parser
     * does not know. Counted in the document, so a multi-byte character counts once.
     */
    static String where(TokenStreamLocation location, Object document) {
        if (location == null || document == null) {
            return "";
        }
        String before;
        if (document instanceof byte[] bytes) {
            long offset = location.getByteOffset();
            if (offset < 0) {
                return "";
            }
            before = new String(bytes, 0, (int) Math.min(offset, bytes.length), StandardCharsets.UTF_8);
        } else {
            String text = document.toString();
            long offset = location.getCharOffset();
            if (offset < 0) {
                return "";
            }
            before = text.substring(0, (int) Math.min(offset, text.length()));
        }
        int lineStart = before.lastIndexOf('\n') + 1;
        long line = before.chars().filter(c -> c == '\n').count() + 1;
        int column = before.codePointCount(lineStart, before.length()) + 1;
        int character = before.codePointCount(0, before.length()) + 1;
        return " at character " + character + " (line " + line + ", column " + column + ")";
    }

    private static String container(String kind) {
        return kind.equals("Object") ? "an object" : "an array";
    }

    private static String closer(String kind) {
        return kind.equals("Object") ? "}" : "]";
    }

    private static String kindOf(String closer) {
        return closer.equals("}") ? "object" : "array";
    }

    private static String quoted(String text) {
        return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text) + "'";
    }

    private static String quotedCharacter(int code) {
        return Character.isISOControl(code) ? codePoint(code) : "'" + Character.toString(code) + "'";
    }

    private static String character(int code) {
        return Character.isISOControl(code) ? codePoint(code) : Character.toString(code);
    }

    private static String codePoint(int code) {
        return String.format(Locale.ROOT, "U+%04X", code);
    }
}
