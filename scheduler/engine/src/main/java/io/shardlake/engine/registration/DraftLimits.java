package io.shardlake.engine.registration;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest text each field of a draft takes, checked before anything else reads the draft:
 * writing and parsing a megabyte of description as YAML kept a request thread busy for seconds,
 * and nothing needs that much. A description or comment is prose (4,000 characters); every other
 * field is a name, type, path or schedule (128; names are further held to 63 by the definition's
 * own rules). Lists are held to a size no real table needs either: a megabyte of short column
 * entries would otherwise reach the validator as thousands of columns.
 */
final class DraftLimits {

    static final int PROSE = 4_000;
    static final int WORD = 128;
    /** Most columns, JSON fields of one extraction, and JSON extractions a draft may list. */
    static final int COLUMNS = 1_000;
    static final int JSON_EXTRACTIONS = 50;
    /** Most columns of a primary or dedupe key. */
    static final int KEY_COLUMNS = 32;
    /** The longest {@code extra} (as JSON text): a generous definition of joins, derived columns and settings is a few KB. */
    static final int EXTRA = 64_000;

    private DraftLimits() {
    }

    /** Every field over its limit, none when the draft is short enough to validate. */
    static List<FormError> check(PipelineDraft d, String comment) {
        List<FormError> errors = new ArrayList<>();
        limit("description", d.description(), PROSE, errors);
        limit("comment", comment, PROSE, errors);
        limit("name", d.name(), WORD, errors);
        limit("connection", d.connection(), WORD, errors);
        limit("table", d.table(), WORD, errors);
        limit("cursor", d.cursor(), WORD, errors);
        limit("partitionColumn", d.partitionColumn(), WORD, errors);
        limit("partitionGranularity", d.partitionGranularity(), WORD, errors);
        limit("schedule", d.schedule(), WORD, errors);
        limit("scheduleZone", d.scheduleZone(), WORD, errors);
        limit("targetTable", d.targetTable(), WORD, errors);
        limit("compression", d.compression(), WORD, errors);
        count("columns", d.columns(), COLUMNS, errors);
        count("json", d.json(), JSON_EXTRACTIONS, errors);
        count("primaryKey", d.primaryKey(), KEY_COLUMNS, errors);
        count("dedupeKey", d.dedupeKey(), KEY_COLUMNS, errors);
        if (d.extra() != null) {
            limit("extra", d.extra().toString(), EXTRA, errors);
        }
        if (!errors.isEmpty()) {
            return errors; // not worth reading item by item
        }
        for (int i = 0; i < d.columns().size(); i++) {
            PipelineDraft.Column c = d.columns().get(i);
            limit("columns[" + i + "].source", c.source(), WORD, errors);
            limit("columns[" + i + "].name", c.name(), WORD, errors);
            limit("columns[" + i + "].type", c.type(), WORD, errors);
        }
        words("primaryKey", d.primaryKey(), errors);
        words("dedupeKey", d.dedupeKey(), errors);
        for (int j = 0; j < d.json().size(); j++) {
            PipelineDraft.Json json = d.json().get(j);
            limit("json[" + j + "].column", json.column(), WORD, errors);
            count("json[" + j + "].fields", json.fields(), COLUMNS, errors);
            for (int k = 0; k < Math.min(json.fields().size(), COLUMNS); k++) {
                PipelineDraft.JsonField f = json.fields().get(k);
                String at = "json[" + j + "].fields[" + k + "]";
                limit(at + ".path", f.path(), WORD, errors);
                limit(at + ".name", f.name(), WORD, errors);
                limit(at + ".type", f.type(), WORD, errors);
                limit(at + ".function", f.function(), WORD, errors);
            }
        }
        return errors;
    }

    /** A schedule and zone as the schedule check takes them. */
    static List<FormError> schedule(String schedule, String zone) {
        List<FormError> errors = new ArrayList<>();
        limit("schedule", schedule, WORD, errors);
        limit("scheduleZone", zone, WORD, errors);
        return errors;
    }

    private static void words(String field, List<String> values, List<FormError> errors) {
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                limit(field + "[" + i + "]", values.get(i), WORD, errors);
            }
        }
    }

    private static void count(String field, List<?> values, int max, List<FormError> errors) {
        if (values != null && values.size() > max) {
            errors.add(new FormError(field, "lists " + values.size() + " entries; at most " + max + " are accepted"));
        }
    }

    private static void limit(String field, String value, int max, List<FormError> errors) {
        if (value != null && value.length() > max) {
            errors.add(new FormError(field, "is " + value.length() + " characters long; at most " + max + " are accepted"));
        }
    }
}
