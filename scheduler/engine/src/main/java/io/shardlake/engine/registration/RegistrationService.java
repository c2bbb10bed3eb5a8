package io.shardlake.engine.registration;

import io.shardlake.connectors.source.UnknownSourceNameException;
import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.OperationRefusedException.Reason;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.PipelineDefinition;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registering pipelines through the form or REST: validate, preview, save a new version, and read
 * the versions back (list, one, diff, YAML export). A saved version joins the catalog the
 * scheduler runs at the next reload: this node reloads at once, every other node within its
 * definitions poll. Each save is recorded in the audit log ({@code pipeline.register},
 * {@code pipeline.edit}) with who saved it.
 *
 * <p>A name that a file of {@code dag-definitions/} defines cannot be registered or edited here:
 * the file is the definition, and it is edited as a file.
 */
public final class RegistrationService {

    private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);

    private final DraftValidator validator;
    private final PipelinePreview preview;
    private final RegisteredPipelineStore store;
    private final DefinitionRegistry registry;
    private final AuditLog audit;
    private final Clock clock;

    public RegistrationService(DraftValidator validator, PipelinePreview preview, RegisteredPipelineStore store, DefinitionRegistry registry,
                               AuditLog audit, Clock clock) {
        this.validator = validator;
        this.preview = preview;
        this.store = store;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers a new pipeline as its version 1.
     *
     * @param allowAnyInterval a schedule outside every 15 minutes to every 24 hours; the caller
     *                         passes true only for an ADMIN who asked for it
     * @throws InvalidRegistrationException with every problem, each at its form field; nothing saved
     * @throws OperationRefusedException    CONFLICT when the name is taken (by a file or a registration)
     */
    public PipelineVersion register(PipelineDraft draft, String by, boolean allowAnyInterval, String comment) {
        refuseOversized(DraftLimits.check(draft, comment));
        List<FormError> nameErrors = nameTaken(draft.name());
        DraftValidator.Valid valid;
        try {
            valid = validator.validate(draft, allowAnyInterval);
        } catch (InvalidRegistrationException e) {
            List<FormError> all = new ArrayList<>(nameErrors);
            all.addAll(e.errors());
            throw new InvalidRegistrationException(all);
        }
        if (!nameErrors.isEmpty()) {
            throw new InvalidRegistrationException(nameErrors);
        }
        String name = valid.definition().name();
        PipelineVersion saved = save(name, valid.yaml(), by, comment, 0).version();
        audit.record(new AuditEntry(by, "pipeline.register", name, "version " + saved.version()));
        return saved;
    }

    /** A new pipeline's name may be neither a file's nor a registered pipeline's (nor a definition's the catalog holds). */
    private List<FormError> nameTaken(String name) {
        if (name == null || name.isBlank()) {
            return List.of(); // the validation reports it
        }
        String n = name.trim();
        Optional<String> file = registry.folderFileOf(n);
        if (file.isPresent()) {
            return List.of(new FormError("name", "defined by " + folder() + file.get() + ": edit the file"));
        }
        Optional<PipelineVersion> registered = store.latestVersion(n);
        if (registered.isPresent()) {
            return List.of(new FormError("name", "'" + n + "' is already registered (version " + registered.get().version() + " by "
                    + registered.get().author() + "); edit it instead"));
        }
        if (registry.current().get(n).isPresent()) {
            return List.of(new FormError("name", "pipeline '" + n + "' already exists; choose another name"));
        }
        return List.of();
    }

    /**
     * Saves an edit of a registered pipeline as its next version; an unchanged text saves nothing.
     *
     * @param baseVersion the version the edit started from, or null to edit whatever is latest
     * @throws OperationRefusedException NOT_FOUND when the pipeline is not registered, CONFLICT when
     *                                   a file defines it, the draft renames it, or another version
     *                                   was saved since {@code baseVersion}
     */
    public RegisteredPipelineStore.Saved edit(String name, PipelineDraft draft, Integer baseVersion, String by, boolean allowAnyInterval,
                                              String comment) {
        refuseOversized(DraftLimits.check(draft, comment));
        refuseFolderName(name);
        requireRegistered(name);
        if (draft.name() != null && !draft.name().isBlank() && !draft.name().trim().equals(name)) {
            throw new InvalidRegistrationException(List.of(new FormError("name", "a registered pipeline keeps its name ('" + name
                    + "'); register a new pipeline to use another")));
        }
        DraftValidator.Valid valid = validator.validate(draft, allowAnyInterval);
        RegisteredPipelineStore.Saved saved = save(name, valid.yaml(), by, comment, baseVersion);
        if (saved.created()) {
            audit.record(new AuditEntry(by, "pipeline.edit", name, "version " + saved.version().version()));
        }
        return saved;
    }

    private RegisteredPipelineStore.Saved save(String name, String yaml, String by, String comment, Integer expectedLatest) {
        RegisteredPipelineStore.Saved saved;
        try {
            saved = store.save(name, yaml, by, comment, clock.instant(), expectedLatest);
        } catch (VersionConflictException e) {
            throw new OperationRefusedException(Reason.CONFLICT, e.getMessage());
        }
        if (saved.created()) {
            try {
                registry.reload(); // this node at once; the others within their definitions poll
            } catch (RuntimeException e) {
                log.warn("pipeline {} version {} was saved but the definitions could not be reloaded now; the next poll will: {}", name,
                        saved.version().version(), e.getMessage());
            }
        }
        return saved;
    }

    /**
     * Extracts and transforms a small sample from one shard in memory, before anything is saved.
     * The draft is validated as for saving, except that the schedule bounds are not applied and a
     * missing name or schedule is filled in (a preview does not need them).
     *
     * @param rows how many source rows to sample, 1 to {@link PipelinePreview#MAX_ROWS}
     * @throws InvalidRegistrationException when the draft does not make a definition
     */
    public PreviewResult preview(PipelineDraft draft, int rows) {
        if (rows < 1 || rows > PipelinePreview.MAX_ROWS) {
            // the caller checked the client's value: a wrong one here is a bug, never a default
            throw new IllegalArgumentException("rows must be between 1 and " + PipelinePreview.MAX_ROWS + ", was " + rows);
        }
        refuseOversized(DraftLimits.check(draft, null));
        PipelineDefinition definition = validator.validate(forPreview(draft), true).definition();
        try {
            return preview.run(definition, rows);
        } catch (UnknownSourceNameException e) {
            throw new InvalidRegistrationException(List.of(new FormError(e.field().equals("table") ? "table" : "columns", e.problem())));
        } catch (SQLException e) {
            throw new InvalidRegistrationException(List.of(new FormError("", "the sample could not be read from "
                    + definition.source().connection() + ": " + e.getMessage())));
        }
    }

    private static PipelineDraft forPreview(PipelineDraft d) {
        boolean noName = d.name() == null || d.name().isBlank();
        boolean noSchedule = d.schedule() == null || d.schedule().isBlank();
        if (!noName && !noSchedule) {
            return d;
        }
        return new PipelineDraft(noName ? "preview" : d.name(), d.description(), d.connection(), d.table(), d.columns(), d.cursor(),
                d.primaryKey(), d.json(), d.partitionColumn(), d.partitionGranularity(), noSchedule ? "@daily" : d.schedule(),
                d.scheduleZone(), d.targetTable(), d.compression(), d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), d.redshift(),
                d.extra());
    }

    /** The next fire times and any problem of a schedule, as the form shows them. */
    public ScheduleCheck.Result checkSchedule(String schedule, String zone, boolean allowAnyInterval) {
        List<FormError> oversized = DraftLimits.schedule(schedule, zone);
        if (!oversized.isEmpty()) {
            return new ScheduleCheck.Result(List.of(), oversized);
        }
        return ScheduleCheck.check(schedule, zone, allowAnyInterval, clock.instant());
    }

    /** Before anything reads the draft: an oversized field is refused at no cost (see {@link DraftLimits}). */
    private static void refuseOversized(List<FormError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRegistrationException(errors);
        }
    }

    /** Every version, oldest first. @throws OperationRefusedException NOT_FOUND when never registered */
    public List<PipelineVersion> versions(String name) {
        List<PipelineVersion> versions = store.versions(name);
        if (versions.isEmpty()) {
            throw notRegistered(name);
        }
        return versions;
    }

    public PipelineVersion version(String name, int version) {
        return store.version(name, version).orElseThrow(() -> store.latestVersion(name).isEmpty() ? notRegistered(name)
                : new OperationRefusedException(Reason.NOT_FOUND, "pipeline '" + name + "' has no version " + version
                        + "; its versions are 1 to " + store.latestVersion(name).get().version()));
    }

    public PipelineVersion latest(String name) {
        return requireRegistered(name);
    }

    /** The unified diff from version {@code a} to version {@code b}; empty when equal. */
    public List<String> diff(String name, int a, int b) {
        return VersionDiff.unified(version(name, a), version(name, b));
    }

    /** The latest version as a file for {@code dag-definitions/}. */
    public String exportYaml(String name) {
        return YamlExport.of(requireRegistered(name));
    }

    /** The latest version read back into a draft, for the edit form; empty when it no longer parses. */
    public Optional<PipelineDraft> draftOf(String name) {
        PipelineVersion latest = requireRegistered(name);
        return registry.current().get(name)
                .filter(d -> registry.current().source(name).map(s -> s.text().equals(latest.yaml())).orElse(false))
                .map(d -> Drafts.of(d, latest.yaml()));
    }

    /** The exact text the catalog's current definition of {@code name} was loaded from (a file's, or a registered version's). */
    public Optional<String> catalogText(String name) {
        return registry.current().source(name).map(s -> s.text());
    }

    /** Whether the pipeline was registered here (rather than defined by a file, or unknown). */
    public boolean isRegistered(String name) {
        return store.latestVersion(name).isPresent();
    }

    private PipelineVersion requireRegistered(String name) {
        return store.latestVersion(name).orElseThrow(() -> notRegistered(name));
    }

    private OperationRefusedException notRegistered(String name) {
        Optional<String> file = name == null ? Optional.empty() : registry.folderFileOf(name);
        return new OperationRefusedException(Reason.NOT_FOUND, file.isPresent()
                ? "pipeline '" + name + "' is defined by " + folder() + file.get() + ", not registered: edit the file"
                : "no registered pipeline '" + name + "'");
    }

    private void refuseFolderName(String name) {
        if (name == null || name.isBlank()) {
            return; // the validation reports it
        }
        registry.folderFileOf(name.trim()).ifPresent(file -> {
            throw new OperationRefusedException(Reason.CONFLICT, "pipeline '" + name.trim() + "' is defined by " + folder() + file
                    + ": edit the file");
        });
    }

    private String folder() {
        return registry.directory().getFileName() == null ? "" : registry.directory().getFileName() + "/";
    }
}
