package io.shardlake.transforms.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The common case of {@link JsonPathReader#read} on UTF-8 bytes, without Jackson: one pass over
 * the bytes that checks the document against the strict JSON grammar (RFC 8259, well-formed UTF-8)
 * and fills the slots of the paths it passes. Jackson's tokenizer cost about a microsecond per
 * 330-byte document, the largest single item of a full load's CPU after Parquet; this walk does the
 * same document in a fraction of that.
 *
 * <p>It decides nothing it is unsure of: on anything outside the plain case (malformed JSON, an
 * escape in a name or in a value it must return, a number it would have to widen, deep nesting,
 * very long tokens, a container wanted as text, an explode) it gives up and the caller reads the
 * document with Jackson, which then produces the values or the exact error message. So every
 * document it accepts is one Jackson accepts with the same values; {@code FastJsonWalkTest} checks
 * that against Jackson on generated and mutated documents.
 */
final class FastJsonWalk {

    /** Deeper documents are left to Jackson (whose own limit is far higher). */
    private static final int MAX_DEPTH = 64;
    /** Longer numbers are left to Jackson, which bounds them. */
    private static final int MAX_NUMBER_LENGTH = 64;
    /** Integers of at most this many digits fit a long whatever their digits. */
    private static final int MAX_LONG_DIGITS = 18;

    /** Bytes a string holds as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    /** Marks a slot the walk did not fill, so the caller's value stays. */
    private static final Object UNSET = new Object();

    /** Thrown to give up; carries no stack, as it is a normal outcome. */
    private static final class Unsure extends Exception {
        static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super(null, null, false, false);
        }
    }

    private final byte[] b;
    private final int end;
    private final Object[] out;
    private int pos;

    private FastJsonWalk(byte[] document, int slots) {
        this.b = document;
        this.end = document.length;
        this.out = new Object[slots];
        Arrays.fill(out, UNSET);
    }

    /**
     * Walks {@code document} from {@code root}; on success fills {@code values} as the Jackson walk
     * would and returns true. Returns false, with {@code values} untouched, when unsure.
     */
    static boolean read(byte[] document, JsonPathReader.Node root, Object[] values) {
        FastJsonWalk walk = new FastJsonWalk(document, values.length);
        try {
            walk.skipWhitespace();
            if (walk.pos >= walk.end) {
                return false; // empty: Jackson says how
            }
            walk.value(root, 0);
            walk.skipWhitespace();
            if (walk.pos != walk.end) {
                return false; // trailing content: Jackson names it
            }
        } catch (Unsure | ArrayIndexOutOfBoundsException e) {
            return false; // the document ended inside a token
        }
        for (int i = 0; i < values.length; i++) {
            if (walk.out[i] != UNSET) {
                values[i] = walk.out[i];
            }
        }
        return true;
    }

    /** A value at {@code node} of the paths, or at null: a part of the document no path asks for. */
    private void value(JsonPathReader.Node node, int depth) throws Unsure {
        if (node == null) {
            skipValue(depth);
            return;
        }
        byte c = b[pos];
        switch (c) {
            case '{' -> object(node, depth + 1);
            case '[' -> array(node, depth + 1);
            case '"' -> scalar(node, wanted(node) ? string() : skipString());
            case 't' -> scalar(node, literal("true", Boolean.TRUE));
            case 'f' -> scalar(node, literal("false", Boolean.FALSE));
            case 'n' -> scalar(node, literal("null", null));
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    scalar(node, number(wanted(node)));
                } else {
                    throw Unsure.INSTANCE;
                }
            }
        }
    }

    /**
     * Checks a value no path asks for, the grammar only: most of a document's tokens (here, every
     * item of an order's payload) take this path, without the per-token work of wanted paths.
     */
    private void skipValue(int depth) throws Unsure {
        byte c = b[pos];
        switch (c) {
            case '"' -> skipString();
            case '{' -> skipObject(depth + 1);
            case '[' -> skipArray(depth + 1);
            case 't' -> literal("true", null);
            case 'f' -> literal("false", null);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    number(false);
                } else {
                    throw Unsure.INSTANCE;
                }
            }
        }
    }

    private void skipObject(int depth) throws Unsure {
        if (empty('}', depth)) {
            return;
        }
        while (true) {
            memberName();
            skipValue(depth);
            if (closed('}')) {
                return;
            }
        }
    }

    private void skipArray(int depth) throws Unsure {
        if (empty(']', depth)) {
            return;
        }
        while (true) {
            skipValue(depth);
            if (closed(']')) {
                return;
            }
        }
    }

    /**
     * A member's name and the colon after it, from the name's opening quote; returns the position of
     * its closing quote, and leaves {@code pos} at the member's value.
     */
    private int memberName() throws Unsure {
        if (b[pos] != '"') {
            throw Unsure.INSTANCE;
        }
        int end = plainName(pos + 1);
        pos = end + 1;
        skipWhitespace();
        if (b[pos] != ':') {
            throw Unsure.INSTANCE;
        }
        pos++;
        skipWhitespace();
        return end;
    }

    /** Passes a container's opening character; true when it closes at once (passed too). */
    private boolean empty(char close, int depth) throws Unsure {
        if (depth > MAX_DEPTH) {
            throw Unsure.INSTANCE;
        }
        pos++;
        skipWhitespace();
        if (b[pos] == close) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * After a member or element: true at the container's closing character (passed), false at a
     * comma (passed, with the whitespace after it); anything else is not plain JSON.
     */
    private boolean closed(char close) throws Unsure {
        skipWhitespace();
        byte c = b[pos++];
        if (c == close) {
            return true;
        }
        if (c != ',') {
            throw Unsure.INSTANCE;
        }
        skipWhitespace();
        return false;
    }

    private static boolean wanted(JsonPathReader.Node node) {
        return !node.targets.isEmpty();
    }

    private void scalar(JsonPathReader.Node node, Object scalar) throws Unsure {
        if (node.explode) {
            throw Unsure.INSTANCE;
        }
        for (JsonTarget t : node.targets) {
            out[t.slot()] = t.length() ? null : scalar;
        }
    }

    private void container(JsonPathReader.Node node) throws Unsure {
        if (node.explode || node.wantsText()) {
            throw Unsure.INSTANCE;
        }
    }

    private void filled(JsonPathReader.Node node, int count, String kind) {
        for (JsonTarget t : node.targets) {
            // wantsText() was refused in container(): no target here is textual
            out[t.slot()] = t.length() ? Integer.valueOf(count) : new JsonContainer(kind, t.path().toString());
        }
    }

    private void object(JsonPathReader.Node node, int depth) throws Unsure {
        container(node);
        int count = 0;
        if (!empty('}', depth)) {
            while (true) {
                int nameStart = pos + 1;
                int nameEnd = memberName();
                JsonPathReader.Node child = node.member(b, nameStart, nameEnd - nameStart);
                if (child != null) {
                    // a duplicate key: the last one wins, also for the paths below it
                    for (int slot : child.slotsBelow()) {
                        out[slot] = null;
                    }
                }
                value(child, depth);
                count++;
                if (closed('}')) {
                    break;
                }
            }
        }
        filled(node, count, "object");
    }

    private void array(JsonPathReader.Node node, int depth) throws Unsure {
        container(node);
        int count = 0;
        if (!empty(']', depth)) {
            while (true) {
                JsonPathReader.Node child = node.element(count);
                value(child, depth);
                count++;
                if (closed(']')) {
                    break;
                }
            }
        }
        filled(node, count, "array");
    }

    /** The end (closing quote) of a name starting at {@code from}: printable ASCII without escapes only. */
    private int plainName(int from) throws Unsure {
        int i = plainRun(from);
        while (true) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == '\\') { // negative: a non-ASCII byte
                throw Unsure.INSTANCE;
            }
            i++;
        }
    }

    /** A string value the walk returns: without escapes, decoded from well-formed UTF-8. */
    private String string() throws Unsure {
        int start = pos + 1;
        boolean ascii = true;
        int i = start;
        while (true) {
            byte c = b[i];
            if (PLAIN[c & 0xFF]) {
                i++;
                continue;
            }
            if (c == '"') {
                break;
            }
            if (c == '\\' || c >= 0 && c < 0x20) {
                throw Unsure.INSTANCE;
            }
            if (c < 0) {
                ascii = false;
                i = utf8Sequence(i);
            } else {
                i++;
            }
        }
        pos = i + 1;
        return new String(b, start, i - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Checks a string the walk passes over; returns null (its value is not needed). */
    private Object skipString() throws Unsure {
        int i = plainRun(pos + 1);
        while (true) {
            byte c = b[i];
            if (PLAIN[c & 0xFF]) {
                i++;
                continue;
            }
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                i = escape(i + 1);
            } else if (c < 0) {
                i = utf8Sequence(i);
            } else if (c < 0x20) {
                throw Unsure.INSTANCE;
            } else {
                i++;
            }
        }
        pos = i + 1;
        return null;
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The position of the first byte from {@code i} that is not {@link #PLAIN}, or a position
     * before it: eight bytes at a time, so a string's plain bytes cost a word each, not a byte
     * (SWAR: a byte equal to the quote or the backslash, below 0x20 or above 0x7F sets its high
     * bit in the mask; bits above the lowest set one may be false, the lowest is exact).
     */
    private int plainRun(int i) {
        while (i + 8 <= end) {
            long x = (long) LONG.get(b, i);
            long quote = x ^ (ONES * '"');
            long backslash = x ^ (ONES * '\\');
            long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - ONES * 0x20) & ~x) | x;
            special &= HIGHS;
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            i += 8;
        }
        return i;
    }

    /** Checks the escape whose letter is at {@code i}; returns the position after it. */
    private int escape(int i) throws Unsure {
        switch (b[i]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 1;
            }
            case 'u' -> {
                for (int k = 1; k <= 4; k++) {
                    byte h = b[i + k];
                    if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                        throw Unsure.INSTANCE;
                    }
                }
                return i + 5;
            }
            default -> throw Unsure.INSTANCE;
        }
    }

    /**
     * Checks the well-formed UTF-8 sequence (Unicode 15, table 3-7: no overlong forms, no
     * surrogates, nothing above U+10FFFF) starting at {@code i}; returns the position after it.
     */
    private int utf8Sequence(int i) throws Unsure {
        int lead = b[i] & 0xFF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuation(i + 1, 0x80, 0xBF);
            return i + 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            int low = lead == 0xE0 ? 0xA0 : 0x80;
            int high = lead == 0xED ? 0x9F : 0xBF;
            continuation(i + 1, low, high);
            continuation(i + 2, 0x80, 0xBF);
            return i + 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            int low = lead == 0xF0 ? 0x90 : 0x80;
            int high = lead == 0xF4 ? 0x8F : 0xBF;
            continuation(i + 1, low, high);
            continuation(i + 2, 0x80, 0xBF);
            continuation(i + 3, 0x80, 0xBF);
            return i + 4;
        }
        throw Unsure.INSTANCE;
    }

    private void continuation(int i, int low, int high) throws Unsure {
        int c = b[i] & 0xFF;
        if (c < low || c > high) {
            throw Unsure.INSTANCE;
        }
    }

    private Object literal(String word, Object value) throws Unsure {
        for (int k = 0; k < word.length(); k++) {
            if (b[pos + k] != word.charAt(k)) {
                throw Unsure.INSTANCE;
            }
        }
        pos += word.length();
        delimited();
        return value;
    }

    /**
     * A number in the strict grammar {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. When
     * wanted, an integer of at most 18 digits is a Long and a fraction without exponent a
     * BigDecimal of its digits, as Jackson gives them; anything else is left to Jackson.
     */
    private Object number(boolean wanted) throws Unsure {
        int start = pos;
        int i = pos;
        if (b[i] == '-') {
            i++;
        }
        int digitsStart = i;
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        } else {
            throw Unsure.INSTANCE;
        }
        int intDigits = i - digitsStart;
        boolean fraction = false;
        boolean exponent = false;
        if (i < end && b[i] == '.') {
            fraction = true;
            i = digits(i + 1);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            exponent = true;
            i++;
            if (b[i] == '+' || b[i] == '-') {
                i++;
            }
            i = digits(i);
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw Unsure.INSTANCE;
        }
        pos = i;
        delimited();
        if (!wanted) {
            return null;
        }
        if (exponent) {
            throw Unsure.INSTANCE;
        }
        if (fraction) {
            return new BigDecimal(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
        }
        if (intDigits > MAX_LONG_DIGITS) {
            throw Unsure.INSTANCE;
        }
        long v = 0;
        for (int k = digitsStart; k < i; k++) {
            v = v * 10 + (b[k] - '0');
        }
        return b[start] == '-' ? -v : v;
    }

    /** One or more digits from {@code i}; returns the position after them. */
    private int digits(int i) throws Unsure {
        int from = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == from) {
            throw Unsure.INSTANCE;
        }
        return i;
    }

    /** A token must end at the document's end, whitespace or a structural character. */
    private void delimited() throws Unsure {
        if (pos < end) {
            byte c = b[pos];
            if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '}' || c == ']')) {
                throw Unsure.INSTANCE;
            }
        }
    }

    private void skipWhitespace() {
        if (pos < end && b[pos] > ' ') {
            return; // compact JSON: the common case, one comparison
        }
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }
}
