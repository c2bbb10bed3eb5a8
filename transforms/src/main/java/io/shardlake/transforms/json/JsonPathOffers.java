package io.shardlake.transforms.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The paths a JSON column's sample documents offer for flattening, each with a suggested type, so a
 * form can show them as checkboxes: {@code $.customer.tier} (string), {@code $.amount} (double),
 * {@code $.items} (an array: its length, int). Objects are walked into; arrays are not (they are
 * offered as their length, and exploding one is a separate choice). Pure: no I/O, no state.
 *
 * <p>Paths seen in several documents keep the first-seen order; a path whose values disagree in
 * type gets the widest suggestion (bigint and double give double; anything else, string).
 * Malformed documents are skipped: a sample offers what it can.
 */
public final class JsonPathOffers {

    /** Deeper members are rare in practice and would make the list unreadable. */
    static final int MAX_DEPTH = 6;
    static final int MAX_PATHS = 200;

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /**
     * One offered path.
     *
     * @param path          a path the transforms read, e.g. {@code $.customer.tier} or {@code $['first name']}
     * @param suggestedType a column type: string, bigint, double, boolean, or int for a length
     * @param function      {@code value}, or {@code length} for arrays
     * @param suggestedName a lower_snake_case output column name derived from the path, e.g. {@code customer_tier}
     * @param example       the first non-null value seen, as text (arrays: their length)
     */
    public record OfferedPath(String path, String suggestedType, String function, String suggestedName, String example) {
    }

    private JsonPathOffers() {
    }

    public static List<OfferedPath> offer(List<String> documents) {
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (String document : documents) {
            if (document == null || document.isBlank()) {
                continue;
            }
            Map<String, Seen> ofDocument = new LinkedHashMap<>();
            try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), document)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    walkObject(p, "$", List.of(), 1, ofDocument);
                }
            } catch (JacksonException e) {
                continue; // malformed: the quarantine will say so at run time
            }
            ofDocument.forEach((path, s) -> seen.merge(path, s, Seen::merge));
        }
        List<OfferedPath> offers = new ArrayList<>();
        for (Seen s : seen.values()) {
            if (offers.size() == MAX_PATHS) {
                break;
            }
            Kind kind = s.kind();
            boolean array = kind == Kind.ARRAY;
            offers.add(new OfferedPath(s.path(), kind.type, array ? "length" : "value", s.name(), s.example()));
        }
        return offers;
    }

    private static void walkObject(JsonParser p, String path, List<String> names, int depth, Map<String, Seen> out) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            String childPath = path + step(name);
            List<String> childNames = new ArrayList<>(names);
            childNames.add(name);
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                if (depth < MAX_DEPTH) {
                    walkObject(p, childPath, childNames, depth + 1, out);
                } else {
                    p.skipChildren();
                    add(out, childPath, childNames, Kind.STRING, "{...}");
                }
            } else if (value == JsonToken.START_ARRAY) {
                int length = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
                    length++;
                }
                add(out, childPath, childNames, Kind.ARRAY, Integer.toString(length));
            } else {
                add(out, childPath, childNames, Kind.of(value), value == JsonToken.VALUE_NULL ? null : p.getString());
            }
        }
    }

    private static void add(Map<String, Seen> out, String path, List<String> names, Kind kind, String example) {
        out.merge(path, new Seen(path, suggestedName(names), kind, example), Seen::merge);
    }

    private static String step(String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return "." + name;
        }
        return name.indexOf('\'') < 0 ? "['" + name + "']" : "[\"" + name + "\"]";
    }

    /** {@code customer.tier} -> {@code customer_tier}; a name that starts with a digit gets an {@code f_} prefix. */
    static String suggestedName(List<String> names) {
        String joined = String.join("_", names).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (joined.isEmpty() || !Character.isLetter(joined.charAt(0))) {
            joined = "f_" + joined;
        }
        return joined.length() > 63 ? joined.substring(0, 63) : joined;
    }

    private enum Kind {
        NULL(null), STRING("string"), BIGINT("bigint"), DOUBLE("double"), BOOLEAN("boolean"), ARRAY("int");

        final String type;

        Kind(String type) {
            this.type = type;
        }

        static Kind of(JsonToken token) {
            return switch (token) {
                case VALUE_STRING -> STRING;
                case VALUE_NUMBER_INT -> BIGINT;
                case VALUE_NUMBER_FLOAT -> DOUBLE;
                case VALUE_TRUE, VALUE_FALSE -> BOOLEAN;
                default -> NULL;
            };
        }

        Kind widen(Kind other) {
            if (this == other || other == NULL) {
                return this;
            }
            if (this == NULL) {
                return other;
            }
            boolean numbers = (this == BIGINT || this == DOUBLE) && (other == BIGINT || other == DOUBLE);
            return numbers ? DOUBLE : STRING;
        }
    }

    private record Seen(String path, String name, Kind kind, String example) {

        Seen merge(Seen other) {
            return new Seen(path, name, kind.widen(other.kind), example != null ? example : other.example);
        }

        @Override
        public Kind kind() {
            return kind == Kind.NULL ? Kind.STRING : kind; // only nulls seen: text is the safe guess
        }
    }
}
