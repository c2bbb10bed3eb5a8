package io.shardlake.web.api;

import io.shardlake.engine.events.EntityEventIntake;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Entity events: an application says which rows changed, and the service loads them within seconds. */
@Tag(name = "entities", description = "Entity events: load the rows an application changed within seconds")
@RestController
@RequestMapping(path = "/api", produces = "application/json")
class EntitiesController {

    private final EntityEventIntake intake;

    EntitiesController(EntityEventIntake intake) {
        this.intake = intake;
    }

    /** What was queued. */
    @Schema(name = "EntitiesQueued")
    record Queued(@Schema(description = "the pipeline") String pipeline,
                  @Schema(description = "events stored for the next EVENT run of the pipeline") int queued) {
    }

    @Operation(summary = "Send entity events",
            description = "Body {\"events\": [{\"shard\": \"shard01\", \"key\": [1], \"op\": \"upsert\", \"updated_at\": "
                    + "\"2026-12-07T10:00:00Z\"}]}: key in primary-key column order; op upsert (default) or delete; updated_at optional."
                    + " The events are stored, gathered for the pipeline's source.events.coalesce, and loaded by a run of trigger EVENT"
                    + " that reads the keys from the replica by primary key: a key it no longer has, sent as a delete, becomes a"
                    + " tombstone. Role OPERATOR, or a token with the role EVENTS.")
    @ApiResponse(responseCode = "202", description = "the events are stored", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PostMapping("/pipelines/{name}/entities")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Queued send(@PathVariable String name, @RequestBody(required = false) JsonNode body) {
        return new Queued(name, intake.accept(name, body));
    }
}
