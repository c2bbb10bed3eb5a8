package io.shardlake.transforms.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.Utf8;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpressionParserTest {

    /** Columns an expression may refer to, and their values in the row evaluated. */
    private static final List<String> NAMES = List.of("status", "currency", "created_at", "order_day", "name", "empty",
            "nothing", "amount", "qty", "emoji", "flag");
    private static final Object[] ROW = {
            Utf8.of("Shipped"), "BRL", Instant.parse("2026-11-23T01:30:00Z"), LocalDate.of(2026, 2, 28), Utf8.of("  Ana Lúcia "),
            "", null, new BigDecimal("12.50"), 3L, "😀ab", Boolean.TRUE};

    private static Object eval(String expression) throws EvaluationException {
        Expression e = ExpressionParser.parse(expression, NAMES::indexOf);
        return e.evaluate(p -> ROW[p]);
    }

    static Stream<Arguments> evaluations() {
        return Stream.of(
                // literals
                Arguments.of("'text'", "text"),
                Arguments.of("'it''s'", "it's"),
                Arguments.of("''''", "'"),
                Arguments.of("''", ""),
                Arguments.of("42", 42L),
                Arguments.of("-7", -7L),
                Arguments.of("3.50", new BigDecimal("3.50")),
                Arguments.of("-0.5", new BigDecimal("-0.5")),
                Arguments.of("true", true),
                Arguments.of("FALSE", false),
                Arguments.of("null", null),
                Arguments.of("  'padded'  ", "padded"),
                // columns
                Arguments.of("status", Utf8.of("Shipped")),
                Arguments.of("qty", 3L),
                // text functions
                Arguments.of("lower(status)", "shipped"),
                Arguments.of("upper(currency)", "BRL"),
                Arguments.of("upper(status)", "SHIPPED"),
                Arguments.of("lower(lower(status))", "shipped"),
                Arguments.of("lower(name)", "  ana lúcia "),
                Arguments.of("upper(name)", "  ANA LÚCIA "),
                Arguments.of("upper('ação')", "AÇÃO"),
                Arguments.of("trim(name)", "Ana Lúcia"),
                Arguments.of("length(status)", 7L),
                Arguments.of("length(emoji)", 3L),
                Arguments.of("length(empty)", 0L),
                Arguments.of("concat(currency, ':', lower(status))", "BRL:shipped"),
                Arguments.of("concat(amount, '/', qty)", "12.50/3"),
                Arguments.of("concat(flag)", "true"),
                Arguments.of("coalesce(nothing, null, status)", Utf8.of("Shipped")),
                Arguments.of("coalesce(nothing, 'fallback')", "fallback"),
                Arguments.of("coalesce(nothing, null)", null),
                Arguments.of("nullif(status, 'Shipped')", null),
                Arguments.of("nullif(status, 'Pending')", Utf8.of("Shipped")),
                Arguments.of("nullif(qty, 3)", null),
                Arguments.of("nullif(amount, 12.5)", null),
                Arguments.of("nullif(qty, 3.0)", null),
                Arguments.of("nullif(qty, nothing)", 3L),
                Arguments.of("substr(status, 1, 4)", "Ship"),
                Arguments.of("substr(status, 5)", "ped"),
                Arguments.of("substr(status, 7, 10)", "d"),
                Arguments.of("substr(status, 50)", ""),
                Arguments.of("substr(status, 2, 0)", ""),
                Arguments.of("substr(emoji, 2, 1)", "a"),
                Arguments.of("substr(emoji, 1, 1)", "😀"),
                Arguments.of("substr('ação', 2, 2)", "çã"),
                // dates, in UTC
                Arguments.of("date(created_at)", LocalDate.of(2026, 11, 23)),
                Arguments.of("date(order_day)", LocalDate.of(2026, 2, 28)),
                Arguments.of("year(created_at)", 2026L),
                Arguments.of("year(order_day)", 2026L),
                Arguments.of("month(created_at)", 11L),
                Arguments.of("month(order_day)", 2L),
                Arguments.of("hour(created_at)", 1L),
                Arguments.of("hour(order_day)", 0L),
                // nesting, case and spacing
                Arguments.of("UPPER( substr( trim(name) , 1 , 3 ) )", "ANA"),
                Arguments.of("coalesce(nullif(lower(trim(status)), 'shipped'), concat('was ', status))", "was Shipped"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluations")
    void expressionsEvaluateAgainstTheRow(String expression, Object expected) throws Exception {
        // Text comes back as a String or as UTF-8 bytes (case mapping of ASCII source text): the same value.
        assertThat(textAsString(eval(expression))).isEqualTo(textAsString(expected));
    }

    private static Object textAsString(Object value) {
        return value instanceof Utf8 u ? u.toString() : value;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lower(nothing)", "upper(nothing)", "trim(nothing)", "length(nothing)", "concat(status, nothing)",
            "nullif(nothing, 'x')", "substr(nothing, 1)", "substr(status, nothing)", "substr(status, 1, nothing)",
            "date(nothing)", "year(nothing)", "month(nothing)", "hour(nothing)", "lower(null)", "concat('a', null)",
            "lower(upper(nothing))"})
    void aNullArgumentGivesNull(String expression) throws Exception {
        assertThat(eval(expression)).isNull();
    }

    @Test
    void nullInTheStartOfSubstrIsNullNotAnError() throws Exception {
        assertThat(eval("substr(status, null)")).isNull();
    }

    static Stream<Arguments> evaluationErrors() {
        return Stream.of(
                Arguments.of("substr(status, 0)", "substr start counts from 1, got 0"),
                Arguments.of("substr(status, -2, 1)", "substr start counts from 1, got -2"),
                Arguments.of("substr(status, 1, -1)", "substr length must not be negative, got -1"),
                Arguments.of("substr(status, 1.5)", "substr start must be a whole number, got '1.5'"),
                Arguments.of("substr(status, 'a')", "substr start must be a whole number, got 'a'"),
                Arguments.of("date(status)", "expected a timestamp or date, got 'Shipped'"),
                Arguments.of("hour(qty)", "expected a timestamp or date, got '3'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluationErrors")
    void badArgumentValuesFailTheEvaluation(String expression, String message) {
        assertThatThrownBy(() -> eval(expression))
                .isInstanceOf(EvaluationException.class)
                .hasMessage(message);
    }

    @Test
    void nullifComparesNonFiniteDoublesWithoutFailing() throws Exception {
        Expression e = ExpressionParser.parse("nullif(x, 0)", name -> 0);

        assertThat(e.evaluate(p -> Double.NaN)).isEqualTo(Double.NaN);
        assertThat(e.evaluate(p -> Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(e.evaluate(p -> 0.0d)).isNull();
    }

    @Test
    void columnsResolveToThePositionsTheCallerGives() throws Exception {
        Map<String, Integer> positions = new HashMap<>(Map.of("a", 5, "b", 1));
        Expression e = ExpressionParser.parse("concat(a, b)", name -> positions.getOrDefault(name, -1));
        Object[] row = new Object[6];
        row[5] = "five";
        row[1] = "one";

        assertThat(e.evaluate(p -> row[p])).isEqualTo("fiveone");
    }

    @Test
    void columnNamesAreCaseSensitiveButFunctionNamesAreNot() throws Exception {
        assertThat(eval("LoWeR(status)")).hasToString("shipped");
        assertThatThrownBy(() -> eval("lower(Status)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown column 'Status'");
    }

    @Test
    void functionsListsEverySignature() {
        assertThat(ExpressionParser.functions()).containsExactlyInAnyOrder(
                "coalesce(a, b, ...)", "concat(a, b, ...)", "date(timestamp)", "hour(timestamp)", "length(text)", "lower(text)",
                "month(timestamp_or_date)", "nullif(a, b)", "substr(text, start_from_1[, length])", "trim(text)", "upper(text)",
                "year(timestamp_or_date)");
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                Arguments.of("lowercase(status)", 1, "unknown function 'lowercase'; available: coalesce(a, b, ...), concat(a, b, ...), date(timestamp)"),
                Arguments.of("concat('a', frobnicate(status))", 13, "unknown function 'frobnicate'; available: "),
                Arguments.of("lower(status, currency)", 1, "lower takes 1 arguments, got 2; use lower(text)"),
                Arguments.of("nullif(status)", 1, "nullif takes 2 arguments, got 1; use nullif(a, b)"),
                Arguments.of("substr(status)", 1, "substr takes 2 to 3 arguments, got 1; use substr(text, start_from_1[, length])"),
                Arguments.of("coalesce()", 1, "coalesce takes 1 to 32 arguments, got 0; use coalesce(a, b, ...)"),
                Arguments.of("lower(statu)", 7, "unknown column 'statu'"),
                Arguments.of("statuz", 1, "unknown column 'statuz'"),
                Arguments.of("concat(status, 'abc)", 16, "the string is not closed with '"),
                Arguments.of("'it''s", 1, "the string is not closed with '"),
                Arguments.of("lower(status", 13, "')' is missing"),
                Arguments.of("concat(lower(status), upper(currency)", 38, "')' is missing"),
                Arguments.of("lower(", 7, "an expression is expected"),
                Arguments.of("lower(status))", 14, "unexpected ')'"),
                Arguments.of("lower(status) x", 15, "unexpected 'x'"),
                Arguments.of("status currency", 8, "unexpected 'c'"),
                Arguments.of("concat(status currency)", 15, "expected ',' or ')'"),
                Arguments.of("concat(status,)", 15, "unexpected ')'"),
                Arguments.of("concat(,status)", 8, "unexpected ','"),
                Arguments.of("1.2.3", 1, "'1.2.3' is not a number"),
                Arguments.of("-", 1, "'-' is not a number"),
                Arguments.of("99999999999999999999", 1, "'99999999999999999999' is not a number"),
                Arguments.of("status + 1", 8, "unexpected '+'"),
                Arguments.of("@", 1, "unexpected '@'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseErrors")
    void invalidExpressionsAreRefusedNamingTheCharacter(String expression, int character, String problem) {
        assertThatThrownBy(() -> ExpressionParser.parse(expression, NAMES::indexOf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid expression '" + expression + "' at character " + character + ": " + problem);
    }

    @Test
    void theUnknownColumnMessageSaysWhatCanBeReferenced() {
        assertThatThrownBy(() -> ExpressionParser.parse("lower(later)", NAMES::indexOf))
                .hasMessageContaining("source columns, output columns and earlier derived columns");
    }

    @Test
    void theUnknownFunctionMessageListsEveryFunction() {
        assertThatThrownBy(() -> ExpressionParser.parse("nope(status)", NAMES::indexOf))
                .hasMessageEndingWith("available: " + String.join(", ", ExpressionParser.functions()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyExpressionIsRefused(String expression) {
        assertThatThrownBy(() -> ExpressionParser.parse(expression, NAMES::indexOf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expression is empty");
    }

    @Test
    void argumentsAreEvaluatedAgainEachTime() throws Exception {
        Expression e = ExpressionParser.parse("upper(status)", NAMES::indexOf);
        Object[] row = Arrays.copyOf(ROW, ROW.length);

        assertThat(e.evaluate(p -> row[p])).hasToString("SHIPPED");
        row[0] = "pending";
        assertThat(e.evaluate(p -> row[p])).isEqualTo("PENDING");
    }
}
