package io.shardlake.transforms.expression;

/**
 * A compiled derived-column expression, evaluated against the columns already computed for a row.
 * Built by {@link ExpressionParser}; evaluation is allocation-light and thread-safe.
 */
@FunctionalInterface
public interface Expression {

    /** Values of the referenced columns, by position in the row being built. */
    interface Row {
        Object get(int position);
    }

    Object evaluate(Row row) throws EvaluationException;
}
