package io.shardlake.engine.definition;

import io.shardlake.engine.definition.FieldSpec.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The definition format, field by field: the one description of what a pipeline definition may
 * say. The binder accepts exactly these keys under each mapping, the registration form offers
 * them, form errors land next to them, and the format reference in {@code dag-definitions/README.md}
 * is generated from them ({@link #referenceTable()}; a test fails when the two disagree). A new key
 * is added here, then read by {@link DefinitionBinder} into the record the engine uses.
 *
 * <p>Defaults and ranges are stated once: a number, duration or flag carries its default and range
 * as values ({@link FieldSpec.Bounds}), which the binder reads it with ({@code FieldReader.wholeNumber(FieldSpec)},
 * ...) and the reference prints; other defaults are the constants below and those of the spec
 * records ({@link RunPolicy#DEFAULTS}, ...), applied by the binder and printed here.
 */
public final class DefinitionFormat {

    static final String DEFAULT_CURSOR = "updated_at";
    static final List<String> DEFAULT_PRIMARY_KEY = List.of("id");
    static final long DEFAULT_FILE_SIZE_MB = 128;
    static final long MAX_FILE_SIZE_MB = 1024;
    static final double DEFAULT_MAX_QUARANTINE_FRACTION = 0.01;

    /** Every type a column may have; {@code decimal(p,s)} stands for all decimals. */
    public static final List<String> COLUMN_TYPES = List.of("string", "json", "bigint", "int", "double", "boolean", "timestamp", "date",
            "decimal(p,s)");
    private static final String TYPE_HELP = "a column type (see below)";

    private static final FieldSpec ROOT = mapping("", null, "the definition",
            required("name", Kind.TEXT, "lower_snake_case `[a-z][a-z0-9_]{0,62}`; equals the file name without `.yaml`/`.yml`")
                    .pickedAs("name"),
            optional("description", Kind.TEXT, null, "free text").pickedAs("description"),
            required("schedule", Kind.TEXT, "5-field Unix cron (`minute hour day-of-month month day-of-week`), 6/7-field Quartz cron"
                    + " (seconds first, optional year), or `@hourly`, `@daily`, `@midnight`, `@weekly` (Sunday 00:00), `@monthly`"
                    + " (the 1st, 00:00). A Unix cron may not restrict both day-of-month and day-of-week").pickedAs("schedule"),
            optional("schedule_zone", Kind.TEXT, "`UTC`", "a zone id such as `UTC` or `America/Sao_Paulo`").pickedAs("scheduleZone"),
            mapping("source", "required", "where rows come from",
                    required("connection", Kind.TEXT, "one of the connections configured in the service").pickedAs("connection"),
                    required("table", Kind.TEXT, "plain SQL identifier: letters, digits, `_`, `$`").pickedAs("table"),
                    optional("cursor", Kind.TEXT, "`" + DEFAULT_CURSOR + "`",
                            "plain identifier; must be mapped in `transform.columns` to a `timestamp` column").pickedAs("cursor"),
                    optional("primary_key", Kind.TEXT_LIST, "`[" + String.join(", ", DEFAULT_PRIMARY_KEY) + "]`",
                            "at least one; plain identifiers").pickedAs("primaryKey"),
                    list("joins", false, "none", "related tables of the same shard, joined many-to-one or folded one-to-many (see"
                                    + " [Joined views](../README.md#joined-views))",
                            required("name", Kind.TEXT, "lower_snake_case, unique; the transform reads what the join brings as"
                                    + " `<name>.<column>`"),
                            required("table", Kind.TEXT, "a table of the same shard database, or of `connection`"),
                            optional("connection", Kind.TEXT, "the source's", "another configured connection (one shard: a database that"
                                    + " is not sharded, e.g. a product catalogue) whose table is looked up by key; `left` only"),
                            required("column", Kind.TEXT, "`left`/`inner`: the source table's column holding the joined row's key;"
                                    + " `many`: the joined table's column holding the source row's primary key (which must be one"
                                    + " column). Needs an index starting with it on the replica"),
                            optional("key", Kind.TEXT, "`" + DEFAULT_PRIMARY_KEY.get(0) + "`", "the joined table's primary key (one column)"),
                            optional("type", Kind.TEXT, "`left`", "`left` (a row without a match keeps null joined columns), `inner` (it"
                                    + " is left out) or `many` (one-to-many, folded into `aggregates`)").allowing("left", "inner", "many"),
                            optional("cursor", Kind.TEXT, "`" + DEFAULT_CURSOR + "`", "the joined table's cursor, of the same type as"
                                    + " `source.cursor`; needs an index starting with it. For `many`, `<name>.<cursor>` is the greatest"
                                    + " among a row's rows"),
                            list("aggregates", false, "required for `many`", "only for `many`; read as `<name>.<aggregate name>`",
                                    required("name", Kind.TEXT, "lower_snake_case, unique within the join"),
                                    required("function", Kind.TEXT, "`count`, `sum`, `min`, `max` or `json_array`")
                                            .allowing("count", "sum", "min", "max", "json_array"),
                                    optional("of", Kind.TEXT_LIST, "none", "the joined table's columns: none for `count`, one for"
                                            + " `sum`/`min`/`max`, at least one for `json_array`")),
                            mapping("soft_delete", "none", "the joined table's soft delete",
                                    required("column", Kind.TEXT, "a column of the joined table set when its row is deleted: such a row"
                                            + " matches as if absent (left: null columns; inner: the source row's tombstone; many: left"
                                            + " out of the aggregates)"))),
                    mapping("soft_delete", "none", "the source table's soft delete",
                            required("column", Kind.TEXT, "a column set when a row is deleted (e.g. `deleted_at`): such a row is written"
                                    + " as a tombstone (`_deleted = true`), see [Deletes](../README.md#deletes)")),
                    mapping("events", "none", "the pipeline takes entity events (see [Entity events](../README.md#entity-events));"
                                    + " adds `_deleted`",
                            duration("coalesce", EventsSpec.DEFAULT_COALESCE, Duration.ofSeconds(1), Duration.ofMinutes(5),
                                    "events are gathered this long after the oldest"),
                            wholeNumber("max_keys", EventsSpec.DEFAULT_MAX_KEYS, 1, 100_000, "or until this many wait")),
                    mapping("reconcile", "none", "hard deletes are found by reconciling keys (see"
                                    + " [Reconciliation](../README.md#reconciliation-of-hard-deletes)); needs a one-column integer"
                                    + " `primary_key`; adds `_deleted`",
                            duration("every", ReconcileSpec.DEFAULT_EVERY, Duration.ofHours(1), Duration.ofDays(31),
                                    "one reconciliation per period"),
                            optional("window", Kind.TEXT, "none (any time)", "`HH:mm-HH:mm`: the time of day a reconciliation may start,"
                                    + " e.g. `01:00-05:00`"),
                            optional("zone", Kind.TEXT, "`UTC`", "the window's zone (only with `window`)")),
                    optional("mode", Kind.TEXT, "`poll`", "`poll`: each run reads a window of the cursor; `cdc`: each run takes the row"
                            + " changes of the shards' binlogs since the last (every version, deletes as tombstones; adds `_deleted`),"
                            + " after a first load by window; not with `joins`, `events` or `reconcile`. See"
                            + " [Binlog CDC](../README.md#binlog-cdc)").allowing("poll", "cdc")),
            mapping("transform", "required", "what is done to each row",
                    list("columns", true, null, "at least one; source columns kept, renamed and cast",
                            required("name", Kind.TEXT, "output column name (see below)"),
                            optional("from", Kind.TEXT, "the `name`", "source column, plain identifier, or `<join>.<column>`"),
                            required("type", Kind.TEXT, TYPE_HELP)).pickedAs("columns"),
                    list("json", false, "none", "JSON text columns whose paths become typed columns",
                            required("column", Kind.TEXT, "source column holding JSON text, plain identifier, or `<join>.<column>`"),
                            jsonFields("at least one field, unless there is an `explode`"),
                            mapping("explode", "none", "at most one per pipeline: one output row per element of this array/object; a row"
                                            + " whose path is missing, null or empty is kept once with null element columns",
                                    required("path", Kind.TEXT, "the array or object to explode"),
                                    optional("index_as", Kind.TEXT, "none", "output `int` column: the element's position (0-based)"),
                                    optional("key_as", Kind.TEXT, "none", "output `string` column: the member's key (objects)"),
                                    optional("value_as", Kind.TEXT, "none", "output column: the element itself"),
                                    optional("value_type", Kind.TEXT, "`string`", "type of `value_as`; with `string`/`json` arrays and"
                                            + " objects become JSON text"),
                                    jsonFields("like `fields`, with paths relative to the element"))),
                    list("derived", false, "none", "columns computed from output (or source) columns",
                            required("name", Kind.TEXT, "output column name"),
                            required("expression", Kind.TEXT, "functions: `lower upper trim length concat coalesce nullif substr date year"
                                    + " month hour`; literals `'text'`, `42`, `true`, `null`; no operators"),
                            required("type", Kind.TEXT, TYPE_HELP)),
                    optional("dedupe_key", Kind.TEXT_LIST, "see below", "output columns; within a batch the row with the greatest cursor"
                            + " wins. `[]` means no dedupe").pickedAs("dedupeKey")),
            mapping("partition", "see its fields", "the `dt=` folders",
                    optional("column", Kind.TEXT, "the output column of the cursor", "a `timestamp` or `date` output column")
                            .pickedAs("partitionColumn"),
                    optional("granularity", Kind.TEXT, "`day`", "`hour` (`dt=yyyy-MM-dd-HH`, needs a timestamp), `day`"
                            + " (`dt=yyyy-MM-dd`), `month` (`dt=yyyy-MM`)").allowing("hour", "day", "month")
                            .pickedAs("partitionGranularity")),
            mapping("target", "see its fields", "where the Parquet files go",
                    optional("table", Kind.TEXT, "the `name`", "lower_snake_case").pickedAs("targetTable"),
                    optional("compression", Kind.TEXT, "`snappy`", "`snappy`, `zstd` or `uncompressed`")
                            .allowing("snappy", "zstd", "uncompressed").pickedAs("compression"),
                    wholeNumber("file_size_mb", DEFAULT_FILE_SIZE_MB, 1, MAX_FILE_SIZE_MB, "").pickedAs("fileSizeMb"),
                    flag("redshift", "also load each committed run into the legacy Redshift table of the same"
                            + " name (see the main README, \"Redshift sink\")").pickedAs("redshift"),
                    flag("current", "also keep `<table>_current`: one row per (shard, primary key), its newest"
                            + " version, deleted keys left out, updated by every run that writes (see the main README, \"Current-state"
                            + " tables\"). Every primary key column must be kept in `transform.columns`, and a pipeline that explodes rows"
                            + " (`transform.json[].explode`) cannot have it")),
            mapping("quarantine", "see its fields", "malformed rows",
                    number("max_fraction", DEFAULT_MAX_QUARANTINE_FRACTION, 0, 1, "more bad rows than this fraction of a shard's rows"
                            + " fails that shard's run").pickedAs("quarantineMaxFraction")),
            optional("depends_on", Kind.TEXT_LIST, "`[]`", "upstream pipelines whose runs must cover this run's interval before it"
                    + " starts; a cycle (`a -> b -> a`) is refused at load, naming it; an upstream not defined yet fails the runs that wait"
                    + " for it"),
            mapping("runs", "see its fields", "how the scheduler runs the pipeline",
                    wholeNumber("max_active", RunPolicy.DEFAULTS.maxActiveRuns(), 1, 64, "runs of this pipeline at once, incremental"
                            + " and backfill together (incremental runs go one at a time and always keep their slot: backfill chunks take"
                            + " at most `max_active - 1`)"),
                    duration("timeout", RunPolicy.DEFAULTS.timeout(), Duration.ofMinutes(1), Duration.ofDays(7), "a run still running"
                            + " after this is stopped and fails"),
                    wholeNumber("retries", RunPolicy.DEFAULTS.retryAttempts(), 1, 20, "attempts per shard task (1 = no retry)"),
                    duration("retry_backoff", RunPolicy.DEFAULTS.retryBackoff(), Duration.ofSeconds(1), Duration.ofHours(6), "wait"
                            + " before the 2nd attempt, doubled for each later one"),
                    duration("max_retry_backoff", RunPolicy.DEFAULTS.maxRetryBackoff(), Duration.ofSeconds(1), Duration.ofHours(24),
                            "the longest wait between attempts"),
                    optional("catchup", Kind.TEXT, "`" + RunPolicy.DEFAULTS.catchup().name().toLowerCase(java.util.Locale.ROOT) + "`",
                            "after downtime or a pause: `latest` = one run spanning the missed intervals, `all` = one per interval")
                            .allowing("latest", "all"),
                    wholeNumber("catchup_max_runs", RunPolicy.DEFAULTS.catchupMaxRuns(), 1, 1000, "with `all`, at most this many runs;"
                            + " older missed intervals are folded into the first"),
                    duration("wait_for_upstream", RunPolicy.DEFAULTS.upstreamTimeout(), Duration.ofMinutes(1), Duration.ofDays(7),
                            "how long a run waits for `depends_on` before it fails naming the upstream")),
            mapping("alerts", "see its fields", "where and when this pipeline's alerts go",
                    optional("webhook", Kind.TEXT, "`shardlake.alerts.webhook-url`", "absolute `http://` or `https://` URL alerts of"
                            + " this pipeline are POSTed to"),
                    duration("freshness_threshold", null, Duration.ofMinutes(1), Duration.ofDays(30), "a freshness alert when now minus"
                            + " the oldest shard watermark exceeds this").withDefaultText("`shardlake.alerts.freshness-threshold` (none)")));

    private DefinitionFormat() {
    }

    /** The top level: a mapping whose children are the definition's fields. */
    public static FieldSpec root() {
        return ROOT;
    }

    /**
     * The field at {@code path}, with list items written {@code []} or {@code [n]}:
     * {@code source.joins[].aggregates[].of}; null when the format has no such field.
     */
    public static FieldSpec at(String path) {
        FieldSpec field = ROOT;
        if (path.isEmpty()) {
            return field;
        }
        for (String segment : path.replaceAll("\\[\\d*]", "").split("\\.")) {
            field = field == null ? null : field.child(segment);
        }
        return field;
    }

    /** The keys accepted at {@code path} (a mapping, or the items of a list of mappings). */
    static List<String> keysOf(String path) {
        FieldSpec field = at(path);
        if (field == null || !field.kind().nested()) {
            throw new IllegalArgumentException("no mapping at " + path);
        }
        return field.keys();
    }

    /** Every field with its dotted path, depth first in catalog order (lists written {@code name[]}). */
    public static void walk(BiConsumer<String, FieldSpec> visitor) {
        walk(ROOT, "", visitor);
    }

    private static void walk(FieldSpec parent, String prefix, BiConsumer<String, FieldSpec> visitor) {
        for (FieldSpec child : parent.children()) {
            String path = prefix.isEmpty() ? child.key() : prefix + "." + child.key();
            visitor.accept(path, child);
            walk(child, child.kind() == Kind.MAPPING_LIST ? path + "[]" : path, visitor);
        }
    }

    /** The "Fields" table of {@code dag-definitions/README.md}, one row per field. */
    public static String referenceTable() {
        List<String> rows = new ArrayList<>();
        rows.add("| Field | Type | Default | Rules |");
        rows.add("|---|---|---|---|");
        walk((path, f) -> rows.add("| `" + path + "` | " + f.kind().described() + " | "
                + (f.required() ? "required" : f.defaultText() == null ? "none" : f.defaultText()) + " | " + f.help() + " |"));
        return String.join("\n", rows) + "\n";
    }

    private static FieldSpec jsonFields(String help) {
        return list("fields", false, "none", help,
                required("name", Kind.TEXT, "output column name"),
                required("path", Kind.TEXT, "`$`, `$.a.b`, `$.items[0].sku`, `$['key with spaces']`; a missing path gives null"),
                required("type", Kind.TEXT, "a column type; an object or array is written as JSON text for `string`/`json`"),
                optional("function", Kind.TEXT, "`value`", "`value`, or `length`: the element count of an array/object (type `int`"
                        + " or `bigint`)").allowing("value", "length"));
    }

    private static FieldSpec required(String key, Kind kind, String help) {
        return new FieldSpec(key, kind, true, null, List.of(), help, List.of(), null, null);
    }

    private static FieldSpec optional(String key, Kind kind, String defaultText, String help) {
        return new FieldSpec(key, kind, false, defaultText, List.of(), help, List.of(), null, null);
    }

    /*
     * Numbers, durations and flags carry their default and range as values (FieldSpec.Bounds): the
     * binder reads them with these, and the reference prints them, so each is stated once.
     */

    private static FieldSpec wholeNumber(String key, long fallback, long min, long max, String help) {
        return bounded(key, Kind.WHOLE_NUMBER, "`" + fallback + "`", help, "`" + min + "` to `" + max + "`",
                new FieldSpec.Bounds(fallback, min, max));
    }

    private static FieldSpec number(String key, double fallback, double min, double max, String help) {
        return bounded(key, Kind.NUMBER, "`" + plain(fallback) + "`", help, "`" + plain(min) + "` to `" + plain(max) + "`",
                new FieldSpec.Bounds(fallback, min, max));
    }

    /** @param fallback null: no default (state what applies instead with {@link FieldSpec#withDefaultText}) */
    private static FieldSpec duration(String key, Duration fallback, Duration min, Duration max, String help) {
        return bounded(key, Kind.DURATION, fallback == null ? null : "`" + Durations.format(fallback) + "`", help,
                "`" + Durations.format(min) + "` to `" + Durations.format(max) + "`", new FieldSpec.Bounds(fallback, min, max));
    }

    /** A flag, false unless set. */
    private static FieldSpec flag(String key, String help) {
        return new FieldSpec(key, Kind.FLAG, false, "`false`", List.of(), help, List.of(), null, new FieldSpec.Bounds(false, null, null));
    }

    private static FieldSpec bounded(String key, Kind kind, String defaultText, String help, String range, FieldSpec.Bounds bounds) {
        return new FieldSpec(key, kind, false, defaultText, List.of(), help.isEmpty() ? range : help + "; " + range, List.of(), null,
                bounds);
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static FieldSpec mapping(String key, String defaultText, String help, FieldSpec... children) {
        return new FieldSpec(key, Kind.MAPPING, "required".equals(defaultText), "required".equals(defaultText) ? null : defaultText,
                List.of(), help, List.of(children), null, null);
    }

    private static FieldSpec list(String key, boolean required, String defaultText, String help, FieldSpec... children) {
        return new FieldSpec(key, Kind.MAPPING_LIST, required, defaultText, List.of(), help, List.of(children), null, null);
    }
}
