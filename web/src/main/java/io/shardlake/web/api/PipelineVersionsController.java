package io.shardlake.web.api;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.registration.PipelineVersion;
import io.shardlake.engine.registration.RegistrationService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The saved versions of registered pipelines: who saved each and when, one version's text, diffs, and the YAML export. */
@Tag(name = "pipeline versions", description = "Versions of registered pipelines, diffs, and the YAML export for dag-definitions/")
@RestController
@RequestMapping(path = "/api/pipelines/{name}", produces = "application/json")
class PipelineVersionsController {

    record VersionSummary(int version, String author, Instant createdAt, String comment) {
        static VersionSummary of(PipelineVersion v) {
            return new VersionSummary(v.version(), v.author(), v.createdAt(), v.comment());
        }
    }

    record VersionText(String pipeline, int version, String author, Instant createdAt, String comment, String yaml) {
    }

    /** @param lines the unified diff, line by line ({@code ---}/{@code +++} headers, {@code @@} hunks); empty when equal */
    record DiffView(String pipeline, int from, int to, List<String> lines) {
    }

    static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

    private final RegistrationService registrations;
    private final PipelineOperations operations;

    PipelineVersionsController(RegistrationService registrations, PipelineOperations operations) {
        this.registrations = registrations;
        this.operations = operations;
    }

    @Operation(summary = "Every version of a registered pipeline, oldest first")
    @ApiResponse(responseCode = "200", description = "the versions", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/versions")
    List<VersionSummary> versions(@PathVariable String name) {
        return registrations.versions(name).stream().map(VersionSummary::of).toList();
    }

    @Operation(summary = "One version with its YAML text")
    @ApiResponse(responseCode = "200", description = "the version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/versions/{version}")
    VersionText version(@PathVariable String name, @PathVariable int version) {
        PipelineVersion v = registrations.version(name, version);
        return new VersionText(v.pipeline(), v.version(), v.author(), v.createdAt(), v.comment(), v.yaml());
    }

    @Operation(summary = "The unified diff from one version to another")
    @ApiResponse(responseCode = "200", description = "the diff", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/versions/{from}/diff/{to}")
    DiffView diff(@PathVariable String name, @PathVariable int from, @PathVariable int to) {
        return new DiffView(name, from, to, registrations.diff(name, from, to));
    }

    @Operation(summary = "The definition as a YAML file for dag-definitions/",
            description = "A registered pipeline: its latest version under a header naming version, author and time. A pipeline"
                    + " defined by a file: that file's text.")
    @ApiResponse(responseCode = "200", description = "the YAML file")
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    // Any Accept: a download is asked for by browsers and curl alike; the answer is always YAML.
    @GetMapping(path = "/definition.yaml", produces = MediaType.ALL_VALUE)
    ResponseEntity<String> definitionYaml(@PathVariable String name) {
        return yamlDownload(name, DefinitionExports.text(registrations, operations, name));
    }

    static ResponseEntity<String> yamlDownload(String name, String text) {
        return ResponseEntity.ok().contentType(YAML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".yaml\"")
                .body(text);
    }
}
