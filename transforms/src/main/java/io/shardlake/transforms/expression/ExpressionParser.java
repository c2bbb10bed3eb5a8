package io.shardlake.transforms.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Parses derived-column expressions: column names, literals ({@code 'text'}, {@code 42},
 * {@code 3.5}, {@code true}, {@code false}, {@code null}) and function calls such as
 * {@code concat(currency, ':', lower(status))}. There are no operators: the language stays small
 * enough that every error can name the character where it happened.
 */
public final class ExpressionParser {

    private final String text;
    private final ToIntFunction<String> columns;
    private int pos;

    private ExpressionParser(String text, ToIntFunction<String> columns) {
        this.text = text;
        this.columns = columns;
    }

    /**
     * @param columns position of a column the expression may refer to, or -1 if there is none
     * @throws IllegalArgumentException with the problem and the character where it is
     */
    public static Expression parse(String text, ToIntFunction<String> columns) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expression is empty; e.g. date(created_at) or lower(status)");
        }
        ExpressionParser parser = new ExpressionParser(text, columns);
        Expression e = parser.expression();
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "'");
        }
        return e;
    }

    /** The functions available, for error messages and documentation. */
    public static List<String> functions() {
        return Functions.signatures();
    }

    private Expression expression() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("an expression is expected");
        }
        char c = text.charAt(pos);
        if (c == '\'') {
            return constant(string());
        }
        if (Character.isDigit(c) || c == '-') {
            return constant(number());
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            String name = identifier();
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '(') {
                return call(name, start);
            }
            return switch (name.toLowerCase()) {
                case "true" -> constant(Boolean.TRUE);
                case "false" -> constant(Boolean.FALSE);
                case "null" -> constant(null);
                default -> column(name, start);
            };
        }
        throw error("unexpected '" + c + "'");
    }

    private Expression call(String name, int start) {
        Functions.Function f = Functions.lookup(name);
        if (f == null) {
            pos = start;
            throw error("unknown function '" + name + "'; available: " + String.join(", ", Functions.signatures()));
        }
        pos++; // (
        List<Expression> args = new ArrayList<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ')') {
            pos++;
        } else {
            while (true) {
                args.add(expression());
                skipSpace();
                if (pos >= text.length()) {
                    throw error("')' is missing");
                }
                char c = text.charAt(pos++);
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ')'");
                }
            }
        }
        if (args.size() < f.minArgs() || args.size() > f.maxArgs()) {
            pos = start;
            throw error(f.name() + " takes " + (f.minArgs() == f.maxArgs() ? f.minArgs() : f.minArgs() + " to " + f.maxArgs())
                    + " arguments, got " + args.size() + "; use " + f.signature());
        }
        Expression[] arguments = args.toArray(Expression[]::new);
        Functions.Body body = f.body();
        return row -> {
            Object[] values = new Object[arguments.length];
            for (int i = 0; i < arguments.length; i++) {
                values[i] = arguments[i].evaluate(row);
            }
            return body.apply(values);
        };
    }

    private Expression column(String name, int start) {
        int position = columns.applyAsInt(name);
        if (position < 0) {
            pos = start;
            throw error("unknown column '" + name + "' (a derived column can use source columns, output columns and earlier derived columns)");
        }
        return row -> row.get(position);
    }

    private static Expression constant(Object value) {
        return row -> value;
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        int start = pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
        pos = start;
        throw error("the string is not closed with '");
    }

    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        String n = text.substring(start, pos);
        try {
            return n.contains(".") ? new BigDecimal(n) : (Object) Long.parseLong(n);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("'" + n + "' is not a number");
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("invalid expression '" + text + "' at character " + (pos + 1) + ": " + problem);
    }
}
