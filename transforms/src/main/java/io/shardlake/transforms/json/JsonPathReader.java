package io.shardlake.transforms.json;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Pulls a fixed set of paths out of JSON documents in one streaming pass, without building a
 * tree: members no path asks for are skipped token by token. The whole document is still read to
 * its end, so malformed JSON anywhere in it is detected.
 *
 * <p>Built once per pipeline and reused for every row; not thread-safe (nothing is cached per
 * call, but keep one per task to be safe).
 */
public final class JsonPathReader {

    // One parser per document: a thread-local buffer pool hands each task thread its buffers without
    // the lock-free deque of the default pool (~2.5% of a full load's CPU in a profile).
    private static final JsonFactory FACTORY = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

    /** What an exploded element contributes: its index (arrays) or key (objects), and its own slots. */
    public interface ElementSink {
        void element(int index, String key, Object[] values);
    }

    private final Node root = new Node("$");
    private final int slots;
    private final JsonPathReader elementReader;

    /**
     * @param targets        paths to read and the slots they fill
     * @param slots          size of the value array each document fills
     * @param explodePath    path of the array/object to explode, or null
     * @param elementReader  reader applied to each exploded element (paths relative to it)
     */
    public JsonPathReader(List<JsonTarget> targets, int slots, JsonPath explodePath, JsonPathReader elementReader) {
        this.slots = slots;
        this.elementReader = elementReader;
        for (JsonTarget target : targets) {
            root.descend(target.path()).targets.add(target);
        }
        if (explodePath != null) {
            Node node = root.descend(explodePath);
            if (node.hasChildren()) {
                throw new IllegalArgumentException("paths below the exploded path " + explodePath
                        + " must be declared as fields of the explode");
            }
            node.explode = true;
        }
        root.freeze();
    }

    public int slots() {
        return slots;
    }

    /** The root of the path trie. */
    Node root() {
        return root;
    }

    /**
     * Reads one document.
     *
     * @param document  JSON text as {@code byte[]} (UTF-8) or {@link CharSequence}; null gives all nulls
     * @param values    filled at the targets' slots; untouched slots stay as they were (null)
     * @param elements  receives each exploded element; may be null when nothing is exploded
     */
    public void read(Object document, Object[] values, ElementSink elements) throws MalformedJsonException {
        if (document == null) {
            return;
        }
        // Plain documents are walked without Jackson; anything else, errors included, is Jackson's.
        if (elementReader == null && document instanceof byte[] bytes && FastJsonWalk.read(bytes, root, values)) {
            return;
        }
        readWithJackson(document, values, elements);
    }

    /** {@link #read} through Jackson alone, for documents the fast walk leaves (and for tests comparing the two). */
    void readWithJackson(Object document, Object[] values, ElementSink elements) throws MalformedJsonException {
        if (document == null) {
            return;
        }
        try (JsonParser p = open(document)) {
            if (p.nextToken() == null) {
                throw new MalformedJsonException("empty JSON document");
            }
            walk(p, root, values, elements);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new MalformedJsonException(JsonSyntaxProblem.trailingContent(p.currentTokenLocation(), document));
            }
        } catch (JacksonException e) {
            throw new MalformedJsonException(JsonSyntaxProblem.describe(e, document));
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson reads a number whose exponent no type can hold this way, not as a JacksonException
            throw new MalformedJsonException("a number cannot be read: its exponent is out of range (" + e.getMessage() + ")");
        }
    }

    private static JsonParser open(Object document) {
        if (document instanceof byte[] bytes) {
            return FACTORY.createParser(ObjectReadContext.empty(), bytes);
        }
        return FACTORY.createParser(ObjectReadContext.empty(), document.toString());
    }

    private void walk(JsonParser p, Node node, Object[] values, ElementSink elements) throws MalformedJsonException {
        JsonToken token = p.currentToken();
        if (!token.isStructStart()) {
            Object scalar = scalar(p, token);
            for (JsonTarget t : node.targets) {
                values[t.slot()] = t.length() ? null : scalar;
            }
            if (node.explode && elements == null) {
                throw new IllegalStateException("an element sink is required when exploding");
            }
            return;
        }
        String kind = token == JsonToken.START_OBJECT ? "object" : "array";
        if (node.wantsText()) {
            String text = capture(p);
            if (!node.hasChildren() && !node.explode && !node.wantsLength()) {
                fill(node, values, text, -1, kind);
                return;
            }
            // Rare: the container is wanted as text and also looked into; read it twice.
            try (JsonParser again = FACTORY.createParser(ObjectReadContext.empty(), text)) {
                again.nextToken();
                int count = walkContainer(again, node, values, elements);
                fill(node, values, text, count, kind);
            }
            return;
        }
        int count = walkContainer(p, node, values, elements);
        fill(node, values, null, count, kind);
    }

    private static void fill(Node node, Object[] values, String text, int count, String kind) {
        for (JsonTarget t : node.targets) {
            if (t.length()) {
                values[t.slot()] = count;
            } else if (t.textual()) {
                values[t.slot()] = text;
            } else {
                values[t.slot()] = new JsonContainer(kind, t.path().toString());
            }
        }
    }

    /** Walks the members or elements of the container at the current token; returns their count. */
    private int walkContainer(JsonParser p, Node node, Object[] values, ElementSink elements) throws MalformedJsonException {
        int count = 0;
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (node.explode) {
                    explodeElement(p, count, name, elements);
                } else {
                    Node child = node.members == null ? null : node.members.get(name);
                    if (child != null) {
                        // A duplicate key: the last one wins, also for the paths below it.
                        child.clear(values);
                    }
                    visit(p, child, values, elements);
                }
                count++;
            }
        } else {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (node.explode) {
                    explodeElement(p, count, null, elements);
                } else {
                    Node child = node.indices == null ? null : node.indices.get(count);
                    visit(p, child, values, elements);
                }
                count++;
            }
        }
        return count;
    }

    private void visit(JsonParser p, Node child, Object[] values, ElementSink elements) throws MalformedJsonException {
        if (child == null) {
            p.skipChildren();
        } else {
            walk(p, child, values, elements);
        }
    }

    private void explodeElement(JsonParser p, int index, String key, ElementSink elements) throws MalformedJsonException {
        Object[] elementValues = new Object[elementReader.slots];
        elementReader.walk(p, elementReader.root, elementValues, null);
        elements.element(index, key, elementValues);
    }

    private static Object scalar(JsonParser p, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT, LONG -> p.getLongValue();
                default -> new BigDecimal(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String capture(JsonParser p) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            // Exact: numbers are copied as written (19.990 stays 19.990), not through a double.
            g.copyCurrentStructureExact(p);
        }
        return out.toString();
    }

    /** A trie of the requested paths. */
    static final class Node {
        final String path;
        final List<JsonTarget> targets = new ArrayList<>(1);
        Map<String, Node> members;
        Map<Integer, Node> indices;
        boolean explode;
        // Set by freeze(), after construction.
        private int[] slotsBelow;
        // The members' names as UTF-8 and their nodes, for the fast walk's byte comparison.
        private byte[][] memberNames = new byte[0][];
        private Node[] memberNodes = new Node[0];
        private boolean wantsLength;
        private boolean wantsText;

        Node(String path) {
            this.path = path;
        }

        Node descend(JsonPath jsonPath) {
            Node node = this;
            for (JsonPath.Step step : jsonPath.steps()) {
                node = node.child(step);
            }
            return node;
        }

        private Node child(JsonPath.Step step) {
            if (explode) {
                throw new IllegalArgumentException("paths below the exploded path " + path
                        + " must be declared as fields of the explode");
            }
            if (step.isIndex()) {
                if (indices == null) {
                    indices = new HashMap<>();
                }
                return indices.computeIfAbsent(step.index(), i -> new Node(path + "[" + i + "]"));
            }
            if (members == null) {
                members = new HashMap<>();
            }
            return members.computeIfAbsent(step.name(), n -> new Node(path + "." + n));
        }

        /** Empties the slots of this node and of the nodes below it. */
        void clear(Object[] values) {
            for (int slot : slotsBelow) {
                values[slot] = null;
            }
        }

        /**
         * Computes what the per-document walk asks of this node and the nodes below, once, after
         * every path is in the trie.
         */
        void freeze() {
            List<Integer> slots = new ArrayList<>();
            collectSlots(slots);
            slotsBelow = slots.stream().mapToInt(Integer::intValue).toArray();
            wantsLength = targets.stream().anyMatch(JsonTarget::length);
            wantsText = targets.stream().anyMatch(t -> t.textual() && !t.length());
            if (members != null) {
                members.values().forEach(Node::freeze);
                List<Map.Entry<String, Node>> entries = List.copyOf(members.entrySet());
                memberNames = entries.stream().map(e -> e.getKey().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
                memberNodes = entries.stream().map(Map.Entry::getValue).toArray(Node[]::new);
            }
            if (indices != null) {
                indices.values().forEach(Node::freeze);
            }
        }

        private void collectSlots(List<Integer> slots) {
            targets.forEach(t -> slots.add(t.slot()));
            if (members != null) {
                members.values().forEach(n -> n.collectSlots(slots));
            }
            if (indices != null) {
                indices.values().forEach(n -> n.collectSlots(slots));
            }
        }

        /** The member whose name is the UTF-8 bytes {@code name[from, from + length)}, or null. */
        Node member(byte[] name, int from, int length) {
            // Names are short: a plain loop beats the vectorized Arrays.equals set-up here.
            for (int i = 0; i < memberNames.length; i++) {
                byte[] candidate = memberNames[i];
                if (candidate.length == length && sameBytes(candidate, name, from)) {
                    return memberNodes[i];
                }
            }
            return null;
        }

        private static boolean sameBytes(byte[] candidate, byte[] name, int from) {
            for (int k = 0; k < candidate.length; k++) {
                if (candidate[k] != name[from + k]) {
                    return false;
                }
            }
            return true;
        }

        /** The node of array element {@code index}, or null. */
        Node element(int index) {
            return indices == null ? null : indices.get(index);
        }

        /** The slots of this node's targets and of every node below it. */
        int[] slotsBelow() {
            return slotsBelow;
        }

        boolean hasChildren() {
            return members != null || indices != null;
        }

        boolean wantsLength() {
            return wantsLength;
        }

        boolean wantsText() {
            return wantsText;
        }
    }
}
