package io.shardlake.transforms;

import io.shardlake.transforms.cast.CastException;
import io.shardlake.transforms.cast.ValueCaster;
import io.shardlake.transforms.expression.EvaluationException;
import io.shardlake.transforms.expression.Expression;
import io.shardlake.transforms.expression.ExpressionParser;
import io.shardlake.transforms.json.JsonPath;
import io.shardlake.transforms.json.JsonPathReader;
import io.shardlake.transforms.json.JsonTarget;
import io.shardlake.transforms.json.MalformedJsonException;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.DerivedColumn;
import io.shardlake.transforms.spec.Explode;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import io.shardlake.transforms.spec.TransformSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TransformSpec} compiled against nothing but itself: pure, no I/O, the same code for
 * incremental runs, full loads, backfills and single-row previews.
 *
 * <p>Source rows are {@code Object[]} whose first {@link #sourceColumns()} positions hold those
 * columns (callers may append more, such as the cursor). Values are JDBC-normalised: Utf8 or
 * String for text, Long, BigDecimal, Double, Boolean, Instant (already in UTC), LocalDate, byte[].
 *
 * <p>One source row gives one output row, or one per exploded element, or a quarantine reason:
 * malformed JSON, a value that does not fit its declared type, or an expression that fails. A
 * quarantined source row emits nothing, never a partial set of its exploded rows.
 */
public final class CompiledTransform {

    private final RowSchema outputSchema;
    private final List<String> sourceColumns;
    private final List<Step> baseSteps;
    private final ExplodeStep explode;
    private final List<DerivedStep> derived;
    private final int auditStart;

    private CompiledTransform(RowSchema outputSchema, List<String> sourceColumns, List<Step> baseSteps,
                              ExplodeStep explode, List<DerivedStep> derived, int auditStart) {
        this.outputSchema = outputSchema;
        this.sourceColumns = sourceColumns;
        this.baseSteps = baseSteps;
        this.explode = explode;
        this.derived = derived;
        this.auditStart = auditStart;
    }

    /** @throws TransformSpecException naming the field of the spec that is wrong */
    public static CompiledTransform compile(TransformSpec spec) {
        return new Compiler(spec).compile();
    }

    public RowSchema outputSchema() {
        return outputSchema;
    }

    /** The source columns this transform reads, in the order source rows must hold them. */
    public List<String> sourceColumns() {
        return sourceColumns;
    }

    /** Position in the output of the column mapped from {@code sourceColumn}, or -1. */
    public int outputPositionOfSource(String sourceColumn) {
        for (Step s : baseSteps) {
            if (s instanceof MappingStep m && sourceColumns.get(m.source).equals(sourceColumn)) {
                return m.target;
            }
        }
        return -1;
    }

    /** Transforms one source row into {@code sink}. */
    public void apply(Object[] source, TransformContext context, RowSink sink) {
        Object[] base = new Object[outputSchema.size()];
        List<Object[]> elements = explode == null ? null : new ArrayList<>();
        try {
            for (Step step : baseSteps) {
                step.apply(source, base, elements);
            }
        } catch (StepFailure f) {
            sink.quarantine(f.getMessage());
            return;
        }
        base[auditStart] = context.shardText();
        base[auditStart + 1] = context.extractedAt();
        base[auditStart + 2] = context.runIdText();
        base[auditStart + 3] = context.runSeq();
        if (elements == null || elements.isEmpty()) {
            if (finish(base, source, sink)) {
                sink.row(base);
            }
            return;
        }
        List<Object[]> rows = new ArrayList<>(elements.size());
        for (Object[] element : elements) {
            Object[] row = base.clone();
            try {
                explode.fill(element, row);
            } catch (StepFailure f) {
                sink.quarantine(f.getMessage());
                return;
            }
            if (!finish(row, source, sink)) {
                return;
            }
            rows.add(row);
        }
        rows.forEach(sink::row);
    }

    private boolean finish(Object[] row, Object[] source, RowSink sink) {
        if (derived.isEmpty()) {
            return true;
        }
        Expression.Row view = p -> p >= SOURCE_BASE ? source[p - SOURCE_BASE] : row[p];
        for (DerivedStep d : derived) {
            try {
                row[d.target] = d.cast.apply(d.expression.evaluate(view));
            } catch (EvaluationException | CastException e) {
                sink.quarantine("derived column " + d.name + ": " + e.getMessage());
                return false;
            }
        }
        return true;
    }

    private static ValueCaster.Cast[] casts(JsonField[] fields) {
        ValueCaster.Cast[] casts = new ValueCaster.Cast[fields.length];
        for (int i = 0; i < fields.length; i++) {
            casts[i] = ValueCaster.to(fields[i].type());
        }
        return casts;
    }

    /** Source positions are offset by this in expressions, so one int addresses either row. */
    private static final int SOURCE_BASE = 1 << 20;

    private static final class StepFailure extends Exception {
        StepFailure(String message) {
            super(message, null, false, false);
        }
    }

    private interface Step {
        void apply(Object[] source, Object[] out, List<Object[]> elements) throws StepFailure;
    }

    private record MappingStep(String name, int source, int target, ValueCaster.Cast cast) implements Step {
        @Override
        public void apply(Object[] src, Object[] out, List<Object[]> elements) throws StepFailure {
            try {
                out[target] = cast.apply(src[source]);
            } catch (CastException e) {
                throw new StepFailure("column " + name + ": " + e.getMessage());
            }
        }
    }

    private record JsonStep(String column, int source, JsonPathReader reader, int[] targets, JsonField[] fields,
                            ValueCaster.Cast[] casts) implements Step {
        @Override
        public void apply(Object[] src, Object[] out, List<Object[]> elements) throws StepFailure {
            Object[] raw = new Object[reader.slots()];
            Object document = src[source];
            if (document instanceof Utf8 u) {
                document = u.bytes();
            }
            try {
                reader.read(document, raw, elements == null ? null : (index, key, values) -> {
                    Object[] e = new Object[values.length + 2];
                    e[0] = index;
                    e[1] = key;
                    System.arraycopy(values, 0, e, 2, values.length);
                    elements.add(e);
                });
            } catch (MalformedJsonException e) {
                throw new StepFailure("column " + column + ": malformed JSON: " + e.getMessage());
            }
            for (int i = 0; i < targets.length; i++) {
                try {
                    out[targets[i]] = casts[i].apply(raw[i]);
                } catch (CastException e) {
                    throw new StepFailure("column " + column + " " + fields[i].path() + " -> " + fields[i].name() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Fills the explode columns of one element row: index, key, value, then element fields. */
    private record ExplodeStep(String column, int indexTarget, int keyTarget, int valueTarget, ValueCaster.Cast valueCast,
                               int[] fieldTargets, ValueCaster.Cast[] fieldCasts) {
        void fill(Object[] element, Object[] row) throws StepFailure {
            if (indexTarget >= 0) {
                row[indexTarget] = element[0];
            }
            if (keyTarget >= 0 && element[1] != null) {
                row[keyTarget] = Utf8.of((String) element[1]);
            }
            int offset = 2;
            try {
                if (valueTarget >= 0) {
                    row[valueTarget] = valueCast.apply(element[offset++]);
                }
                for (int i = 0; i < fieldTargets.length; i++) {
                    row[fieldTargets[i]] = fieldCasts[i].apply(element[offset + i]);
                }
            } catch (CastException e) {
                throw new StepFailure("column " + column + " exploded element " + (element[1] != null ? element[1] : element[0]) + ": " + e.getMessage());
            }
        }
    }

    private record DerivedStep(String name, Expression expression, int target, ValueCaster.Cast cast) {
    }

    /** Builds the steps and the output schema, checking the spec as it goes. */
    private static final class Compiler {
        private final TransformSpec spec;
        private final List<Column> outputs = new ArrayList<>();
        private final Map<String, String> outputFields = new LinkedHashMap<>();
        private final List<String> sources = new ArrayList<>();

        Compiler(TransformSpec spec) {
            this.spec = spec;
        }

        CompiledTransform compile() {
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < spec.columns().size(); i++) {
                ColumnMapping m = spec.columns().get(i);
                String field = "transform.columns[" + i + "]";
                require(m.from(), field + ".from");
                steps.add(new MappingStep(m.name(), source(m.from()), output(m.name(), m.type(), field + ".name"), ValueCaster.to(m.type())));
            }
            // The fields of every JSON extraction come before the explode columns (see TransformSpec).
            int[][] jsonFieldTargets = new int[spec.json().size()][];
            for (int i = 0; i < spec.json().size(); i++) {
                List<JsonField> fields = spec.json().get(i).fields();
                jsonFieldTargets[i] = new int[fields.size()];
                for (int f = 0; f < fields.size(); f++) {
                    String ff = "transform.json[" + i + "].fields[" + f + "]";
                    jsonFieldTargets[i][f] = output(fields.get(f).name(), fields.get(f).type(), ff + ".name");
                }
            }
            ExplodeStep explodeStep = null;
            for (int i = 0; i < spec.json().size(); i++) {
                JsonExtraction j = spec.json().get(i);
                String field = "transform.json[" + i + "]";
                require(j.column(), field + ".column");
                int[] targets = jsonFieldTargets[i];
                JsonField[] fields = j.fields().toArray(JsonField[]::new);
                List<JsonTarget> jsonTargets = new ArrayList<>();
                for (int f = 0; f < fields.length; f++) {
                    jsonTargets.add(target(fields[f], f, field + ".fields[" + f + "]"));
                }
                JsonPath explodePath = null;
                JsonPathReader elementReader = null;
                if (j.explode() != null) {
                    if (explodeStep != null) {
                        throw new TransformSpecException(field + ".explode", "only one explode per pipeline (two would multiply rows)");
                    }
                    Explode e = j.explode();
                    String ef = field + ".explode";
                    explodePath = path(e.path(), ef + ".path");
                    List<JsonTarget> elementTargets = new ArrayList<>();
                    int indexTarget = e.indexAs() == null ? -1 : output(e.indexAs(), ColumnType.INT, ef + ".index_as");
                    int keyTarget = e.keyAs() == null ? -1 : output(e.keyAs(), ColumnType.STRING, ef + ".key_as");
                    int valueTarget = -1;
                    ColumnType valueType = e.valueType() == null ? ColumnType.STRING : e.valueType();
                    int slot = 0;
                    if (e.valueAs() != null) {
                        valueTarget = output(e.valueAs(), valueType, ef + ".value_as");
                        elementTargets.add(new JsonTarget(JsonPath.parse("$"), slot++, valueType.isTextual(), false));
                    }
                    int[] fieldTargets = new int[e.fields().size()];
                    JsonField[] elementFields = e.fields().toArray(JsonField[]::new);
                    for (int f = 0; f < elementFields.length; f++) {
                        String ff = ef + ".fields[" + f + "]";
                        fieldTargets[f] = output(elementFields[f].name(), elementFields[f].type(), ff + ".name");
                        elementTargets.add(target(elementFields[f], slot++, ff));
                    }
                    if (indexTarget < 0 && keyTarget < 0 && valueTarget < 0 && fieldTargets.length == 0) {
                        throw new TransformSpecException(ef, "an explode needs at least one of index_as, key_as, value_as or fields");
                    }
                    elementReader = new JsonPathReader(elementTargets, slot, null, null);
                    explodeStep = new ExplodeStep(j.column(), indexTarget, keyTarget, valueTarget,
                            ValueCaster.to(valueType), fieldTargets, casts(elementFields));
                } else if (fields.length == 0) {
                    throw new TransformSpecException(field + ".fields", "list at least one field to flatten, or an explode");
                }
                JsonPathReader reader;
                try {
                    reader = new JsonPathReader(jsonTargets, fields.length, explodePath, elementReader);
                } catch (IllegalArgumentException e) {
                    throw new TransformSpecException(field, e.getMessage());
                }
                steps.add(new JsonStep(j.column(), source(j.column()), reader, targets, fields, casts(fields)));
            }
            List<DerivedStep> derivedSteps = new ArrayList<>();
            List<DerivedPending> pending = new ArrayList<>();
            for (int i = 0; i < spec.derived().size(); i++) {
                DerivedColumn d = spec.derived().get(i);
                String field = "transform.derived[" + i + "]";
                pending.add(new DerivedPending(d, field, output(d.name(), d.type(), field + ".name")));
            }
            int auditStart = outputs.size();
            for (Column audit : AuditColumns.ALL) {
                output(audit.name(), audit.type(), "transform");
            }
            for (DerivedPending p : pending) {
                Expression e;
                try {
                    e = ExpressionParser.parse(p.column.expression(), name -> resolve(name, p.target, auditStart));
                } catch (IllegalArgumentException ex) {
                    throw new TransformSpecException(p.field + ".expression", ex.getMessage());
                }
                derivedSteps.add(new DerivedStep(p.column.name(), e, p.target, ValueCaster.to(p.column.type())));
            }
            for (int i = 0; i < spec.dedupeKey().size(); i++) {
                String key = spec.dedupeKey().get(i);
                if (outputs.stream().noneMatch(c -> c.name().equals(key))) {
                    throw new TransformSpecException("transform.dedupe_key[" + i + "]", "'" + key + "' is not an output column");
                }
            }
            RowSchema schema = new RowSchema(outputs);
            return new CompiledTransform(schema, List.copyOf(sources), steps, explodeStep, derivedSteps, auditStart);
        }

        private record DerivedPending(DerivedColumn column, String field, int target) {
        }

        /** Output columns computed before the derived column at {@code target}, else a source column. */
        private int resolve(String name, int target, int auditStart) {
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i).name().equals(name)) {
                    // Derived columns sit between target and the audit columns, whatever their names.
                    boolean derivedLater = i >= target && i < auditStart;
                    return derivedLater ? -1 : i;
                }
            }
            return SOURCE_BASE + source(name);
        }

        private JsonTarget target(JsonField f, int slot, String field) {
            JsonPath p = path(f.path(), field + ".path");
            boolean length = f.function() == JsonField.Function.LENGTH;
            if (length && f.type().kind() != ColumnType.Kind.INT && f.type().kind() != ColumnType.Kind.BIGINT) {
                throw new TransformSpecException(field + ".type", "a length is a whole number; declare int or bigint");
            }
            return new JsonTarget(p, slot, f.type().isTextual(), length);
        }

        private static JsonPath path(String text, String field) {
            try {
                return JsonPath.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TransformSpecException(field, e.getMessage());
            }
        }

        private int source(String name) {
            int i = sources.indexOf(name);
            if (i < 0) {
                sources.add(name);
                i = sources.size() - 1;
            }
            return i;
        }

        private int output(String name, ColumnType type, String field) {
            require(name, field);
            if (type == null) {
                throw new TransformSpecException(field.replaceAll("\\.[a-z_]+$", ".type"), "type is missing; use one of " + ColumnType.accepted());
            }
            String previous = outputFields.putIfAbsent(name, field);
            if (previous != null) {
                throw new TransformSpecException(field, "output column '" + name + "' is already defined by " + previous);
            }
            outputs.add(new Column(name, type));
            return outputs.size() - 1;
        }

        private static void require(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new TransformSpecException(field, "is missing");
            }
        }
    }
}
