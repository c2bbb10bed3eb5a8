package io.shardlake.app.observability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a PromQL expression refers to: its series selectors (metric name and label matchers) and
 * the labels it groups or matches on. A small lexer, enough to check names against what the
 * service exports (no Java PromQL parser is published); it refuses what it cannot place:
 * unbalanced brackets, an unterminated string, an unknown function, a selector without a name.
 */
record PromQlReferences(List<Selector> selectors, Set<String> groupingLabels) {

    record Matcher(String label, String op, String value) {
        /** The values the matcher names: a regex matcher's alternatives, or the one value. */
        List<String> values() {
            return op.endsWith("~") ? List.of(value.split("\\|", -1)) : List.of(value);
        }
    }

    record Selector(String metric, List<Matcher> matchers) {
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count", "group", "stddev", "stdvar",
            "topk", "bottomk", "quantile", "count_values");
    private static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "avg_over_time", "ceil", "changes",
            "clamp", "clamp_max", "clamp_min", "count_over_time", "day_of_month", "day_of_week", "days_in_month", "delta", "deriv",
            "exp", "floor", "histogram_quantile", "hour", "idelta", "increase", "irate", "label_join", "label_replace",
            "last_over_time", "ln", "log10", "log2", "max_over_time", "min_over_time", "minute", "month", "predict_linear",
            "present_over_time", "quantile_over_time", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt",
            "stddev_over_time", "stdvar_over_time", "sum_over_time", "time", "timestamp", "vector", "year");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> OTHER_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    static PromQlReferences of(String expression) {
        return new Lexer(expression).read();
    }

    private static final class Lexer {
        private final String text;
        private int at;
        private final List<Selector> selectors = new ArrayList<>();
        private final Set<String> grouping = new LinkedHashSet<>();

        Lexer(String text) {
            this.text = text;
        }

        PromQlReferences read() {
            int depth = 0;
            String pendingMetric = null;
            while (skipSpace()) {
                char c = text.charAt(at);
                if (c == '{') {
                    if (pendingMetric == null) {
                        throw problem("a selector without a metric name");
                    }
                    selectors.set(selectors.size() - 1, new Selector(pendingMetric, matchers()));
                    pendingMetric = null;
                    continue;
                }
                pendingMetric = null;
                if (Character.isLetter(c) || c == '_' || c == ':') {
                    String word = identifier();
                    if (LABEL_LIST_KEYWORDS.contains(word)) {
                        if (skipSpace() && text.charAt(at) == '(') {
                            grouping.addAll(labelList());
                        }
                    } else if (AGGREGATIONS.contains(word) || OTHER_KEYWORDS.contains(word)) {
                        continue;
                    } else if (skipSpace() && text.charAt(at) == '(') {
                        if (!FUNCTIONS.contains(word)) {
                            throw problem("unknown function " + word);
                        }
                    } else {
                        selectors.add(new Selector(word, List.of()));
                        pendingMetric = word;
                    }
                } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
                    number();
                } else if (c == '"' || c == '\'' || c == '`') {
                    string();
                } else if (c == '[') {
                    int close = text.indexOf(']', at);
                    if (close < 0) {
                        throw problem("'[' without ']'");
                    }
                    at = close + 1;
                } else if (c == '(') {
                    depth++;
                    at++;
                } else if (c == ')') {
                    if (--depth < 0) {
                        throw problem("')' without '('");
                    }
                    at++;
                } else if ("+-*/%^=!<>,".indexOf(c) >= 0) {
                    at++;
                } else {
                    throw problem("unexpected '" + c + "'");
                }
            }
            if (depth != 0) {
                throw problem("'(' without ')'");
            }
            if (selectors.isEmpty()) {
                throw problem("no metric");
            }
            return new PromQlReferences(List.copyOf(selectors), Set.copyOf(grouping));
        }

        /** {@code {label op "value", ...}} from the '{'. */
        private List<Matcher> matchers() {
            at++;
            List<Matcher> matchers = new ArrayList<>();
            while (skipSpace() && text.charAt(at) != '}') {
                String label = identifier();
                skipSpace();
                String op = text.startsWith("=~", at) || text.startsWith("!~", at) || text.startsWith("!=", at)
                        ? text.substring(at, at + 2) : text.startsWith("=", at) ? "=" : null;
                if (op == null) {
                    throw problem("a label matcher without =, !=, =~ or !~");
                }
                at += op.length();
                skipSpace();
                matchers.add(new Matcher(label, op, string()));
                if (skipSpace() && text.charAt(at) == ',') {
                    at++;
                }
            }
            if (at >= text.length()) {
                throw problem("'{' without '}'");
            }
            at++;
            return matchers;
        }

        /** {@code (a, b)} after by, on, ...: label names. */
        private List<String> labelList() {
            at++;
            List<String> labels = new ArrayList<>();
            while (skipSpace() && text.charAt(at) != ')') {
                labels.add(identifier());
                if (skipSpace() && text.charAt(at) == ',') {
                    at++;
                }
            }
            if (at >= text.length()) {
                throw problem("a label list without ')'");
            }
            at++;
            return labels;
        }

        private String identifier() {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == ':')) {
                at++;
            }
            if (start == at) {
                throw problem("a name expected");
            }
            return text.substring(start, at);
        }

        private String string() {
            if (at >= text.length() || "\"'`".indexOf(text.charAt(at)) < 0) {
                throw problem("a quoted string expected");
            }
            char quote = text.charAt(at++);
            StringBuilder value = new StringBuilder();
            while (at < text.length() && text.charAt(at) != quote) {
                if (text.charAt(at) == '\\' && quote != '`' && at + 1 < text.length()) {
                    at++;
                }
                value.append(text.charAt(at++));
            }
            if (at >= text.length()) {
                throw problem("an unterminated string");
            }
            at++;
            return value.toString();
        }

        private void number() {
            while (at < text.length()) {
                char c = text.charAt(at);
                boolean exponentSign = (c == '-' || c == '+') && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E');
                if (!Character.isLetterOrDigit(c) && c != '.' && !exponentSign) {
                    return;
                }
                at++;
            }
        }

        /** Skips blanks and comments; false at the end. */
        private boolean skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '#') {
                    int eol = text.indexOf('\n', at);
                    at = eol < 0 ? text.length() : eol + 1;
                } else if (Character.isWhitespace(c)) {
                    at++;
                } else {
                    return true;
                }
            }
            return false;
        }

        private IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(what + " at character " + (at + 1) + " of: " + text);
        }
    }
}
