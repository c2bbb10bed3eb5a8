package io.shardlake.web.ui;

import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.registration.FormError;
import io.shardlake.engine.registration.InvalidRegistrationException;
import io.shardlake.engine.registration.PipelineDraft;
import io.shardlake.engine.registration.PipelinePreview;
import io.shardlake.engine.registration.PipelineVersion;
import io.shardlake.engine.registration.PreviewResult;
import io.shardlake.engine.registration.RegisteredPipelineStore;
import io.shardlake.engine.registration.RegistrationService;
import io.shardlake.engine.registration.ScheduleCheck;
import io.shardlake.engine.registration.SourceCatalogs;
import io.shardlake.engine.registration.TableDescription;
import io.shardlake.web.api.Callers;
import io.shardlake.web.api.DefinitionExports;
import io.shardlake.web.api.QueryParameters;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The registration page: {@code /pipelines/new} and {@code /pipelines/{name}/edit}, posting to
 * {@code /register/refresh} (catalog look-ups and the schedule's next fires), {@code /register/preview}
 * and {@code /register/save}. Every step is a plain form post answered by the server, so the page
 * works without JavaScript; {@code js/register.js} only submits the refresh when a select changes.
 * Also the versions page and the YAML download of a pipeline.
 */
@Hidden // pages, not API: the OpenAPI document lists /api/** only
@Controller
class RegistrationPage {

    static final List<String> TYPES = List.of("string", "json", "bigint", "int", "double", "boolean", "timestamp", "date");
    static final List<String> GRANULARITIES = List.of("hour", "day", "month");
    static final List<String> COMPRESSIONS = List.of("snappy", "zstd", "uncompressed");
    private static final DateTimeFormatter FIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (EEE) xxx VV", Locale.ROOT);

    private final RegistrationService registrations;
    private final SourceCatalogs catalogs;
    private final PipelineOperations operations;

    RegistrationPage(RegistrationService registrations, SourceCatalogs catalogs, PipelineOperations operations) {
        this.registrations = registrations;
        this.catalogs = catalogs;
        this.operations = operations;
    }

    @GetMapping("/pipelines/new")
    String newPipeline(Model model, HttpServletRequest request) {
        RegistrationForm form = new RegistrationForm();
        if (catalogs.connections().size() == 1) {
            form.setConnection(catalogs.connections().get(0));
        }
        return render(form, model, request, Map.of());
    }

    @GetMapping("/pipelines/{name}/edit")
    String edit(@PathVariable String name, Model model, HttpServletRequest request) {
        PipelineVersion latest;
        Optional<PipelineDraft> draft;
        try {
            latest = registrations.latest(name);
            draft = registrations.draftOf(name);
        } catch (OperationRefusedException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        if (draft.isEmpty()) {
            model.addAttribute("problem", "version " + latest.version() + " of " + name + " does not load now (see the definition"
                    + " errors); its text is on the versions page");
            return render(new RegistrationForm(), model, request, Map.of());
        }
        return render(RegistrationForm.of(draft.get(), name, latest.version()), model, request, Map.of());
    }

    @PostMapping("/register/refresh")
    String refresh(@ModelAttribute("form") RegistrationForm form, Model model, HttpServletRequest request) {
        return render(form, model, request, Map.of());
    }

    @PostMapping("/register/preview")
    String preview(@ModelAttribute("form") RegistrationForm form, Model model, HttpServletRequest request) {
        RegistrationForm.Converted converted = form.toDraft();
        if (!converted.errors().isEmpty()) {
            return render(form, model, request, byField(converted.errors()));
        }
        try {
            PreviewResult preview = registrations.preview(converted.draft(), PipelinePreview.DEFAULT_ROWS);
            model.addAttribute("preview", preview);
            return render(form, model, request, Map.of());
        } catch (InvalidRegistrationException e) {
            return render(form, model, request, byField(converted, e.errors()));
        }
    }

    @PostMapping("/register/save")
    String save(@ModelAttribute("form") RegistrationForm form, Model model, HttpServletRequest request, Principal who) {
        RegistrationForm.Converted converted = form.toDraft();
        if (!converted.errors().isEmpty()) {
            return render(form, model, request, byField(converted.errors()));
        }
        boolean allowAny = form.isAllowAnyInterval() && request.isUserInRole("ADMIN");
        try {
            String name;
            if (form.getEditing() == null || form.getEditing().isBlank()) {
                name = registrations.register(converted.draft(), Callers.name(who), allowAny, form.getComment()).pipeline();
            } else {
                RegisteredPipelineStore.Saved saved = registrations.edit(form.getEditing(), converted.draft(), form.getBaseVersion(),
                        Callers.name(who), allowAny, form.getComment());
                name = saved.version().pipeline();
            }
            return "redirect:/pipelines/" + name;
        } catch (InvalidRegistrationException e) {
            return render(form, model, request, byField(converted, e.errors()));
        } catch (OperationRefusedException e) {
            model.addAttribute("problem", e.getMessage());
            return render(form, model, request, Map.of());
        }
    }

    @GetMapping("/pipelines/{name}/versions")
    String versions(@PathVariable String name, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                    Model model) {
        List<PipelineVersion> versions;
        try {
            versions = registrations.versions(name);
        } catch (OperationRefusedException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        int last = versions.get(versions.size() - 1).version();
        int a = QueryParameters.wholeNumber("from", from, 1, Integer.MAX_VALUE, Math.max(1, last - 1));
        int b = QueryParameters.wholeNumber("to", to, 1, Integer.MAX_VALUE, last);
        model.addAttribute("name", name);
        model.addAttribute("versions", versions);
        model.addAttribute("from", a);
        model.addAttribute("to", b);
        try {
            model.addAttribute("diff", registrations.diff(name, a, b));
        } catch (OperationRefusedException e) {
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("diff", List.of());
        }
        return "pipeline-versions";
    }

    @GetMapping("/pipelines/{name}/definition.yaml")
    ResponseEntity<String> definitionYaml(@PathVariable String name) {
        String text;
        try {
            text = DefinitionExports.text(registrations, operations, name);
        } catch (OperationRefusedException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".yaml\"").body(text);
    }

    /** Fills in what the catalog knows, computes the schedule's fires, and renders the form with {@code errors}. */
    private String render(RegistrationForm form, Model model, HttpServletRequest request, Map<String, String> errors) {
        Map<String, String> shown = new LinkedHashMap<>(errors);
        model.addAttribute("form", form);
        model.addAttribute("connections", catalogs.connections());
        model.addAttribute("tables", List.of());
        model.addAttribute("types", TYPES);
        model.addAttribute("granularities", GRANULARITIES);
        model.addAttribute("compressions", COMPRESSIONS);
        model.addAttribute("isAdmin", request.isUserInRole("ADMIN"));
        model.addAttribute("editing", form.getEditing() != null && !form.getEditing().isBlank());
        if (catalogs.has(form.getConnection())) {
            try {
                List<String> tables = catalogs.tables(form.getConnection());
                model.addAttribute("tables", tables);
                if (form.getTable() != null && tables.contains(form.getTable())) {
                    TableDescription.read(catalogs, form.getConnection(), form.getTable(), form.getCursor())
                            .ifPresent(t -> fill(form, t));
                }
            } catch (SQLException | RuntimeException e) {
                shown.putIfAbsent("connection", "the catalog of " + form.getConnection() + " cannot be read now; try again");
            }
        } else if (form.getConnection() != null && !form.getConnection().isBlank()) {
            shown.putIfAbsent("connection", "unknown connection '" + form.getConnection() + "'");
        }
        List<String> sourceColumns = form.getColumns().stream().map(RegistrationForm.ColumnRow::getSource).toList();
        model.addAttribute("sourceColumns", sourceColumns);
        model.addAttribute("outputColumns", outputColumns(form));
        if (form.getSchedule() != null && !form.getSchedule().isBlank()) {
            ScheduleCheck.Result schedule = registrations.checkSchedule(form.getSchedule(), form.getScheduleZone(),
                    form.isAllowAnyInterval() && request.isUserInRole("ADMIN"));
            model.addAttribute("fires", schedule.nextFires().stream().map(FIRE::format).toList());
            schedule.errors().forEach(e -> shown.putIfAbsent(e.field(), e.message()));
        } else {
            model.addAttribute("fires", List.of());
        }
        model.addAttribute("errors", shown);
        model.addAttribute("extraFields", ExtraFieldsView.of(form.getMore()));
        return "register";
    }

    /**
     * A table picked now: its columns, key, cursor and JSON offers replace the rows. The table the
     * rows came from: catalog columns and offered paths not yet on the form are added, unticked.
     */
    private static void fill(RegistrationForm form, TableDescription t) {
        boolean fresh = !t.table().equals(form.getLoadedTable());
        if (fresh) {
            form.getColumns().clear();
            form.getJson().clear();
            form.setPrimaryKey(new ArrayList<>(t.primaryKey()));
            form.setCursor(t.column("updated_at").isPresent() ? "updated_at"
                    : t.columns().stream().filter(c -> c.suggestedType().equals("timestamp")).map(TableDescription.Column::name).findFirst()
                    .orElse(null));
            form.setLoadedTable(t.table());
        }
        Map<String, RegistrationForm.ColumnRow> rows = form.getColumns().stream()
                .collect(Collectors.toMap(RegistrationForm.ColumnRow::getSource, r -> r, (x, y) -> x, LinkedHashMap::new));
        for (TableDescription.Column c : t.columns()) {
            RegistrationForm.ColumnRow row = rows.get(c.name());
            if (row == null) {
                form.getColumns().add(new RegistrationForm.ColumnRow(c.name(), c.sqlType(), c.name().toLowerCase(Locale.ROOT),
                        c.suggestedType(), fresh));
            } else {
                row.setSqlType(c.sqlType());
            }
        }
        for (Map.Entry<String, List<TableDescription.OfferedPath>> e : t.jsonPaths().entrySet()) {
            RegistrationForm.JsonRow json = form.getJson().stream().filter(j -> e.getKey().equals(j.getColumn())).findFirst().orElse(null);
            if (json == null) {
                json = new RegistrationForm.JsonRow(e.getKey());
                form.getJson().add(json);
            }
            Set<String> paths = json.getFields().stream().map(RegistrationForm.FieldRow::getPath).collect(Collectors.toSet());
            for (TableDescription.OfferedPath p : e.getValue()) {
                if (!paths.contains(p.path())) {
                    json.getFields().add(new RegistrationForm.FieldRow(p.path(), p.suggestedName(), p.suggestedType(), p.function(),
                            p.example(), false));
                } else {
                    json.getFields().stream().filter(f -> p.path().equals(f.getPath())).forEach(f -> f.setExample(p.example()));
                }
            }
        }
    }

    /** Timestamp and date outputs: what the partition select offers. */
    private static List<String> outputColumns(RegistrationForm form) {
        List<String> out = new ArrayList<>();
        for (RegistrationForm.ColumnRow c : form.getColumns()) {
            if (c.isInclude() && PipelineDraft.canPartitionBy(c.getType())) {
                out.add(c.getName() == null || c.getName().isBlank() ? c.getSource() : c.getName());
            }
        }
        return out;
    }

    private static Map<String, String> byField(List<FormError> errors) {
        Map<String, String> map = new LinkedHashMap<>();
        errors.forEach(e -> map.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
        return map;
    }

    /** Errors by form field, those of the extra part at the rows the user filled. */
    private static Map<String, String> byField(RegistrationForm.Converted converted, List<FormError> errors) {
        return byField(errors.stream().map(e -> new FormError(converted.formField(e.field()), e.message())).toList());
    }
}
