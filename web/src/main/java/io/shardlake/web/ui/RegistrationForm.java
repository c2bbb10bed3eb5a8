package io.shardlake.web.ui;

import io.shardlake.engine.registration.ExtraFields;
import io.shardlake.engine.registration.FormError;
import io.shardlake.engine.registration.PipelineDraft;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registration page's form as posted, field by field (Spring binds {@code columns[2].type}
 * and the like), and its conversion to a {@link PipelineDraft}. Numbers stay text until then, so a
 * typo is a field error rather than a binding failure. Everything the table picker does not fill is
 * posted as {@code more[<field>]} ({@link ExtraFields}, {@link ExtraFieldsView}).
 */
public class RegistrationForm {

    /** One source column row: kept (include) under a name and type. */
    public static class ColumnRow {
        private String source;
        private String sqlType;
        private String name;
        private String type;
        private boolean include;

        public ColumnRow() {
        }

        ColumnRow(String source, String sqlType, String name, String type, boolean include) {
            this.source = source;
            this.sqlType = sqlType;
            this.name = name;
            this.type = type;
            this.include = include;
        }

        public String getSource() { return source; }
        public void setSource(String source) { this.source = source; }
        public String getSqlType() { return sqlType; }
        public void setSqlType(String sqlType) { this.sqlType = sqlType; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public boolean isInclude() { return include; }
        public void setInclude(boolean include) { this.include = include; }
    }

    /** A JSON column and its offered paths, each a checkbox. */
    public static class JsonRow {
        private String column;
        private List<FieldRow> fields = new ArrayList<>();

        public JsonRow() {
        }

        JsonRow(String column) {
            this.column = column;
        }

        public String getColumn() { return column; }
        public void setColumn(String column) { this.column = column; }
        public List<FieldRow> getFields() { return fields; }
        public void setFields(List<FieldRow> fields) { this.fields = fields; }
    }

    public static class FieldRow {
        private String path;
        private String name;
        private String type;
        private String function;
        private String example;
        private boolean include;

        public FieldRow() {
        }

        FieldRow(String path, String name, String type, String function, String example, boolean include) {
            this.path = path;
            this.name = name;
            this.type = type;
            this.function = function;
            this.example = example;
            this.include = include;
        }

        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public String getFunction() { return function; }
        public void setFunction(String function) { this.function = function; }
        public String getExample() { return example; }
        public void setExample(String example) { this.example = example; }
        public boolean isInclude() { return include; }
        public void setInclude(boolean include) { this.include = include; }
    }

    private String editing;
    private Integer baseVersion;
    private String name;
    private String description;
    private String connection;
    private String table;
    private String loadedTable;
    private List<ColumnRow> columns = new ArrayList<>();
    private String cursor;
    private List<String> primaryKey = new ArrayList<>();
    private List<JsonRow> json = new ArrayList<>();
    private String partitionColumn;
    private String partitionGranularity = "day";
    private String schedule = "*/15 * * * *";
    private String scheduleZone = "UTC";
    private boolean allowAnyInterval;
    private String targetTable;
    private String compression = "snappy";
    private String fileSizeMb;
    private boolean redshift;
    private String quarantineMaxFraction;
    private String dedupeKey;
    private Map<String, String> more = new LinkedHashMap<>();
    private String comment;

    /**
     * The draft, the fields whose text is not a number where one is needed, and where the rows of
     * its extra part came from on the form.
     */
    record Converted(PipelineDraft draft, List<FormError> errors, ExtraFields.Parsed extra) {

        /** The form field of a reported draft field: extra rows at the positions the user filled them. */
        String formField(String field) {
            return extra.formPath(field);
        }
    }

    Converted toDraft() {
        List<FormError> errors = new ArrayList<>();
        Integer size = null;
        if (!blank(fileSizeMb)) {
            try {
                size = Integer.valueOf(fileSizeMb.trim());
            } catch (NumberFormatException e) {
                errors.add(new FormError("fileSizeMb", "'" + fileSizeMb + "' is not a whole number of MB, e.g. 128"));
            }
        }
        Double fraction = null;
        if (!blank(quarantineMaxFraction)) {
            try {
                fraction = Double.valueOf(quarantineMaxFraction.trim());
            } catch (NumberFormatException e) {
                errors.add(new FormError("quarantineMaxFraction", "'" + quarantineMaxFraction + "' is not a number, e.g. 0.01"));
            }
        }
        List<PipelineDraft.Column> draftColumns = columns.stream()
                .map(c -> new PipelineDraft.Column(c.source, c.name, c.type, c.include)).toList();
        List<PipelineDraft.Json> draftJson = json.stream().map(j -> new PipelineDraft.Json(j.column, j.fields.stream()
                .map(f -> new PipelineDraft.JsonField(f.path, f.name, f.type, f.function, f.include)).toList())).toList();
        PipelineDraft draft = new PipelineDraft(blank(editing) ? name : editing, description, connection, table, draftColumns, cursor,
                primaryKey.stream().filter(k -> !blank(k)).toList(), draftJson, partitionColumn, partitionGranularity, schedule, scheduleZone,
                targetTable, compression, size, fraction, dedupeKey(), redshift ? Boolean.TRUE : null);
        ExtraFields.Parsed extra = ExtraFields.parse(more);
        return new Converted(draft.withExtra(extra.tree()), errors, extra);
    }

    static RegistrationForm of(PipelineDraft d, String editing, int baseVersion) {
        RegistrationForm f = new RegistrationForm();
        f.editing = editing;
        f.baseVersion = baseVersion;
        f.name = d.name();
        f.description = d.description();
        f.connection = d.connection();
        f.table = d.table();
        f.loadedTable = d.table();
        d.columns().forEach(c -> f.columns.add(new ColumnRow(c.source(), null, c.name(), c.type(), c.included())));
        f.cursor = d.cursor();
        f.primaryKey = new ArrayList<>(d.primaryKey());
        for (PipelineDraft.Json j : d.json()) {
            JsonRow row = new JsonRow(j.column());
            j.fields().forEach(x -> row.fields.add(new FieldRow(x.path(), x.name(), x.type(), x.function(), null, x.included())));
            f.json.add(row);
        }
        f.partitionColumn = d.partitionColumn();
        f.partitionGranularity = d.partitionGranularity();
        f.schedule = d.schedule();
        f.scheduleZone = d.scheduleZone();
        f.targetTable = d.targetTable();
        f.compression = d.compression();
        f.fileSizeMb = d.fileSizeMb() == null ? null : d.fileSizeMb().toString();
        f.redshift = Boolean.TRUE.equals(d.redshift());
        f.quarantineMaxFraction = d.quarantineMaxFraction() == null ? null : d.quarantineMaxFraction().toString();
        f.dedupeKey = d.dedupeKey() == null ? null : d.dedupeKey().isEmpty() ? "[]" : String.join(", ", d.dedupeKey());
        f.more = new LinkedHashMap<>(ExtraFields.flatten(d.extra()));
        return f;
    }

    /** "a, b" as a list; "[]" for no dedupe; blank for the default. */
    private List<String> dedupeKey() {
        if (blank(dedupeKey)) {
            return null;
        }
        return dedupeKey.trim().equals("[]") ? List.of()
                : Arrays.stream(dedupeKey.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public String getEditing() { return editing; }
    public void setEditing(String editing) { this.editing = editing; }
    public Integer getBaseVersion() { return baseVersion; }
    public void setBaseVersion(Integer baseVersion) { this.baseVersion = baseVersion; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getConnection() { return connection; }
    public void setConnection(String connection) { this.connection = connection; }
    public String getTable() { return table; }
    public void setTable(String table) { this.table = table; }
    public String getLoadedTable() { return loadedTable; }
    public void setLoadedTable(String loadedTable) { this.loadedTable = loadedTable; }
    public List<ColumnRow> getColumns() { return columns; }
    public void setColumns(List<ColumnRow> columns) { this.columns = columns; }
    public String getCursor() { return cursor; }
    public void setCursor(String cursor) { this.cursor = cursor; }
    public List<String> getPrimaryKey() { return primaryKey; }
    public void setPrimaryKey(List<String> primaryKey) { this.primaryKey = primaryKey; }
    public List<JsonRow> getJson() { return json; }
    public void setJson(List<JsonRow> json) { this.json = json; }
    public String getPartitionColumn() { return partitionColumn; }
    public void setPartitionColumn(String partitionColumn) { this.partitionColumn = partitionColumn; }
    public String getPartitionGranularity() { return partitionGranularity; }
    public void setPartitionGranularity(String partitionGranularity) { this.partitionGranularity = partitionGranularity; }
    public String getSchedule() { return schedule; }
    public void setSchedule(String schedule) { this.schedule = schedule; }
    public String getScheduleZone() { return scheduleZone; }
    public void setScheduleZone(String scheduleZone) { this.scheduleZone = scheduleZone; }
    public boolean isAllowAnyInterval() { return allowAnyInterval; }
    public void setAllowAnyInterval(boolean allowAnyInterval) { this.allowAnyInterval = allowAnyInterval; }
    public String getTargetTable() { return targetTable; }
    public void setTargetTable(String targetTable) { this.targetTable = targetTable; }
    public String getCompression() { return compression; }
    public void setCompression(String compression) { this.compression = compression; }
    public String getFileSizeMb() { return fileSizeMb; }
    public void setFileSizeMb(String fileSizeMb) { this.fileSizeMb = fileSizeMb; }
    public boolean isRedshift() { return redshift; }
    public void setRedshift(boolean redshift) { this.redshift = redshift; }
    public String getQuarantineMaxFraction() { return quarantineMaxFraction; }
    public void setQuarantineMaxFraction(String quarantineMaxFraction) { this.quarantineMaxFraction = quarantineMaxFraction; }
    public String getDedupeKey() { return dedupeKey; }
    public void setDedupeKey(String dedupeKey) { this.dedupeKey = dedupeKey; }
    public Map<String, String> getMore() { return more; }
    public void setMore(Map<String, String> more) { this.more = more; }
    public String getComment() { return comment; }
    public void setComment(String comment) { this.comment = comment; }
}
