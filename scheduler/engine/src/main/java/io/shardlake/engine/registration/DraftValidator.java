package io.shardlake.engine.registration;

import io.shardlake.connectors.source.SourceColumn;
import io.shardlake.connectors.source.SourceTable;
import io.shardlake.engine.definition.DefinitionError;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.InvalidDefinitionException;
import io.shardlake.engine.definition.PipelineDefinition;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Validates a draft exactly as a definition file is validated, then what only the form needs:
 * <ol>
 *   <li>The draft is written as YAML ({@link DraftYaml}) and parsed by the same
 *       {@link DefinitionParser} a file in {@code dag-definitions/} goes through (source
 *       {@code form}); each {@link DefinitionError} is reported at its form field.</li>
 *   <li>The schedule fires between every 15 minutes and every 24 hours ({@link ScheduleCheck}),
 *       unless an ADMIN allows otherwise.</li>
 *   <li>The table and every source column named exist in the source's catalog.</li>
 * </ol>
 * All problems are reported together; nothing is saved by validating.
 */
public final class DraftValidator {

    /** The label of form-made definitions in {@link DefinitionError#source()}. */
    public static final String SOURCE = "form";

    /** A draft that passed: its YAML text and the definition parsed from it. */
    public record Valid(String yaml, PipelineDefinition definition, ScheduleCheck.Result schedule) {
    }

    private final DefinitionParser parser;
    private final SourceCatalogs catalogs;
    private final Clock clock;

    public DraftValidator(DefinitionParser parser, SourceCatalogs catalogs, Clock clock) {
        this.parser = parser;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    /** @throws InvalidRegistrationException with every problem, each at its form field */
    public Valid validate(PipelineDraft draft, boolean allowAnyInterval) {
        List<FormError> errors = new ArrayList<>(DraftExtra.conflicts(draft.extra()));
        if (!errors.isEmpty()) {
            throw new InvalidRegistrationException(errors); // one field with two values: nothing else is worth checking
        }
        DraftYaml.Document document = DraftYaml.write(draft);
        PipelineDefinition definition = null;
        try {
            definition = parser.parse(SOURCE, document.yaml());
        } catch (InvalidDefinitionException e) {
            for (DefinitionError error : e.errors()) {
                errors.add(new FormError(document.formField(error.field()), error.message()));
            }
        }
        ScheduleCheck.Result schedule = ScheduleCheck.check(draft.schedule(), draft.scheduleZone(), allowAnyInterval, clock.instant());
        Set<String> reported = errors.stream().map(FormError::field).collect(Collectors.toCollection(HashSet::new));
        schedule.errors().stream().filter(e -> !reported.contains(e.field())).forEach(errors::add);
        errors.addAll(catalogErrors(draft));
        if (!errors.isEmpty()) {
            throw new InvalidRegistrationException(errors);
        }
        return new Valid(document.yaml(), definition, schedule);
    }

    /** The table and the source columns the draft names, against the source's catalog. */
    private List<FormError> catalogErrors(PipelineDraft draft) {
        if (!catalogs.has(draft.connection()) || blank(draft.table())) {
            return List.of(); // the parser reported the connection or table
        }
        Optional<SourceTable> found;
        try {
            found = catalogs.catalog(draft.connection()).table(draft.table().trim());
        } catch (SQLException | RuntimeException e) {
            return List.of(new FormError("table", "the catalog of " + draft.connection() + " (" + catalogs.sampleShardId(draft.connection())
                    + ") cannot be read to check the table: " + e.getMessage()));
        }
        if (found.isEmpty()) {
            return List.of(new FormError("table", "'" + draft.table() + "' is not a table of " + draft.connection()
                    + "; pick one of the listed tables"));
        }
        SourceTable table = found.get();
        List<FormError> errors = new ArrayList<>();
        for (int i = 0; i < draft.columns().size(); i++) {
            PipelineDraft.Column c = draft.columns().get(i);
            String source = blank(c.source()) ? c.name() : c.source();
            if (c.included() && !blank(source)) {
                missing(table, source.trim(), "columns[" + i + "].source", errors);
            }
        }
        if (!blank(draft.cursor())) {
            missing(table, draft.cursor().trim(), "cursor", errors);
        }
        draft.primaryKey().forEach(k -> missing(table, k.trim(), "primaryKey", errors));
        for (int j = 0; j < draft.json().size(); j++) {
            PipelineDraft.Json json = draft.json().get(j);
            if (json.hasIncludedFields() && !blank(json.column())) {
                missing(table, json.column().trim(), "json[" + j + "].column", errors);
            }
        }
        // JSON extractions of extra (those with an explode): a column of this table, unless read from a join
        JsonNode extraJson = draft.extra() == null ? null : draft.extra().path("transform").path("json");
        for (int j = 0; extraJson != null && extraJson.isArray() && j < extraJson.size(); j++) {
            JsonNode column = extraJson.get(j).path("column");
            if (column.isString() && !column.stringValue().isBlank() && !column.stringValue().contains(".")) {
                missing(table, column.stringValue().trim(), "transform.json[" + j + "].column", errors);
            }
        }
        return errors;
    }

    private static void missing(SourceTable table, String column, String field, List<FormError> errors) {
        if (table.column(column).isEmpty()) {
            errors.add(new FormError(field, "'" + column + "' is not a column of " + table.name() + "; its columns are "
                    + table.columns().stream().map(SourceColumn::name).collect(Collectors.joining(", "))));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
