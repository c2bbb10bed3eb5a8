package io.shardlake.transforms.expression;

import io.shardlake.transforms.schema.Utf8;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions derived columns may call. SQL semantics for nulls: a null argument gives null,
 * except in {@code coalesce}. Dates of timestamps are taken in UTC, like the partition key.
 */
final class Functions {

    /** A function body over already evaluated arguments. */
    interface Body {
        Object apply(Object[] args) throws EvaluationException;
    }

    record Function(String name, int minArgs, int maxArgs, String signature, Body body) {
    }

    private static final Map<String, Function> ALL = new TreeMap<>();

    static {
        define("lower", 1, 1, "lower(text)", a -> nullOr(a, () -> caseMapped(a[0], Utf8::asciiLowerCase, s -> s.toLowerCase(Locale.ROOT))));
        define("upper", 1, 1, "upper(text)", a -> nullOr(a, () -> caseMapped(a[0], Utf8::asciiUpperCase, s -> s.toUpperCase(Locale.ROOT))));
        define("trim", 1, 1, "trim(text)", a -> nullOr(a, () -> text(a[0]).strip()));
        define("length", 1, 1, "length(text)", a -> nullOr(a, () -> (long) text(a[0]).codePointCount(0, text(a[0]).length())));
        define("concat", 1, 32, "concat(a, b, ...)", a -> nullOr(a, () -> {
            StringBuilder sb = new StringBuilder();
            for (Object o : a) {
                sb.append(text(o));
            }
            return sb.toString();
        }));
        define("coalesce", 1, 32, "coalesce(a, b, ...)", a -> {
            for (Object o : a) {
                if (o != null) {
                    return o;
                }
            }
            return null;
        });
        define("nullif", 2, 2, "nullif(a, b)", a -> a[0] != null && equal(a[0], a[1]) ? null : a[0]);
        define("substr", 2, 3, "substr(text, start_from_1[, length])", a -> nullOr(a, () -> substr(a)));
        define("date", 1, 1, "date(timestamp)", a -> nullOr(a, () -> date(a[0])));
        define("year", 1, 1, "year(timestamp_or_date)", a -> nullOr(a, () -> (long) date(a[0]).getYear()));
        define("month", 1, 1, "month(timestamp_or_date)", a -> nullOr(a, () -> (long) date(a[0]).getMonthValue()));
        define("hour", 1, 1, "hour(timestamp)", a -> nullOr(a, () -> (long) instant(a[0]).atOffset(ZoneOffset.UTC).getHour()));
    }

    private Functions() {
    }

    private static void define(String name, int min, int max, String signature, Body body) {
        ALL.put(name, new Function(name, min, max, signature, body));
    }

    static Function lookup(String name) {
        return ALL.get(name.toLowerCase(Locale.ROOT));
    }

    static List<String> signatures() {
        return ALL.values().stream().map(Function::signature).toList();
    }

    private interface Value {
        Object get() throws EvaluationException;
    }

    private static Object nullOr(Object[] args, Value value) throws EvaluationException {
        for (Object a : args) {
            if (a == null) {
                return null;
            }
        }
        return value.get();
    }

    /** ASCII text from the source is mapped on its bytes (a derived column per row); anything else as a String. */
    private static Object caseMapped(Object o, java.util.function.UnaryOperator<Utf8> ascii, java.util.function.UnaryOperator<String> any) {
        if (o instanceof Utf8 u) {
            Utf8 mapped = ascii.apply(u);
            if (mapped != null) {
                return mapped;
            }
        }
        return any.apply(text(o));
    }

    private static String text(Object o) {
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return o instanceof Utf8 u ? u.toString() : o.toString();
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && finite(x) && finite(y)) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return b != null && text(a).equals(text(b));
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
    }

    private static String substr(Object[] a) throws EvaluationException {
        String s = text(a[0]);
        long start = whole(a[1], "substr start");
        if (start < 1) {
            throw new EvaluationException("substr start counts from 1, got " + start);
        }
        // Positions count characters (code points), like length(), so an emoji is never split.
        int chars = s.codePointCount(0, s.length());
        int from = (int) Math.min(start - 1, chars);
        int to = chars;
        if (a.length == 3) {
            long len = whole(a[2], "substr length");
            if (len < 0) {
                throw new EvaluationException("substr length must not be negative, got " + len);
            }
            to = (int) Math.min(chars, from + len);
        }
        return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
    }

    private static long whole(Object o, String what) throws EvaluationException {
        if (o instanceof Long || o instanceof Integer) {
            return ((Number) o).longValue();
        }
        throw new EvaluationException(what + " must be a whole number, got '" + o + "'");
    }

    private static LocalDate date(Object o) throws EvaluationException {
        if (o instanceof LocalDate d) {
            return d;
        }
        // The UTC date by arithmetic: LocalDate.ofInstant allocates ZoneRules per call on Java 17.
        return LocalDate.ofEpochDay(Math.floorDiv(instant(o).getEpochSecond(), 86_400));
    }

    private static Instant instant(Object o) throws EvaluationException {
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        throw new EvaluationException("expected a timestamp or date, got '" + o + "'");
    }
}
