package io.shardlake.engine.events;

import io.shardlake.engine.backfill.FieldError;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.input.StrictValues;
import io.shardlake.engine.run.EntityEvent;
import io.shardlake.engine.run.EntityEventStore;
import io.shardlake.engine.source.SourceConnections;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Takes a batch of entity events for one pipeline ({@code {"events": [{"shard": "shard01",
 * "key": [1], "op": "upsert", "updated_at": "2026-12-07T10:00:00Z"}]}}), checks every one and
 * stores them durably for the next EVENT run; a batch with any bad event is refused whole, with
 * each problem named by its field. {@code op} defaults to upsert, {@code updated_at} is optional.
 */
public final class EntityEventIntake {

    /** The most events one request may carry. */
    public static final int MAX_EVENTS = 10_000;
    private static final int MAX_KEY_TEXT = 256;
    private static final Set<String> EVENT_FIELDS = Set.of("shard", "key", "op", "updated_at");

    private final DefinitionLookup definitions;
    private final SourceConnections sources;
    private final EntityEventStore store;
    private final Clock clock;

    public EntityEventIntake(DefinitionLookup definitions, SourceConnections sources, EntityEventStore store, Clock clock) {
        this.definitions = definitions;
        this.sources = sources;
        this.store = store;
        this.clock = clock;
    }

    /**
     * @return how many events were queued
     * @throws OperationRefusedException NOT_FOUND for an unknown pipeline, CONFLICT for one that takes no events
     * @throws InvalidEventsException    for a malformed batch
     */
    public int accept(String pipeline, JsonNode body) {
        PipelineDefinition definition = definitions.current(pipeline).orElseThrow(() -> new OperationRefusedException(
                OperationRefusedException.Reason.NOT_FOUND, "no pipeline '" + pipeline + "'"));
        if (definition.source().events() == null) {
            throw new OperationRefusedException(OperationRefusedException.Reason.CONFLICT, "pipeline '" + pipeline + "' takes no entity"
                    + " events: add source.events (e.g. events: {coalesce: 2s}) to its definition");
        }
        Set<String> shards = sources.get(definition.source().connection()).shards().stream().map(s -> s.id())
                .collect(Collectors.toSet());
        int keyColumns = definition.source().primaryKey().size();
        List<FieldError> errors = new ArrayList<>();
        JsonNode list = body == null ? null : body.get("events");
        if (body == null || !body.isObject() || list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidEventsException(List.of(new FieldError("events", "give a list of at least one event, e.g. {\"events\":"
                    + " [{\"shard\": \"shard01\", \"key\": [1]}]}")));
        }
        if (list.size() > MAX_EVENTS) {
            throw new InvalidEventsException(List.of(new FieldError("events", "at most " + MAX_EVENTS + " events per request, got "
                    + list.size())));
        }
        List<EntityEvent> events = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            EntityEvent e = event(pipeline, list.get(i), "events[" + i + "]", shards, keyColumns, errors);
            if (e != null) {
                events.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventsException(errors);
        }
        store.add(events, clock.instant());
        return events.size();
    }

    private static EntityEvent event(String pipeline, JsonNode e, String at, Set<String> shards, int keyColumns, List<FieldError> errors) {
        if (!e.isObject()) {
            errors.add(new FieldError(at, "expected an object such as {\"shard\": \"shard01\", \"key\": [1]}"));
            return null;
        }
        int before = errors.size();
        for (String field : e.propertyNames()) {
            if (!EVENT_FIELDS.contains(field)) {
                errors.add(new FieldError(at + "." + field, "unknown field; expected shard, key, op or updated_at"));
            }
        }
        JsonNode shard = e.get("shard");
        if (shard == null || !shard.isString() || !shards.contains(shard.asString())) {
            errors.add(new FieldError(at + ".shard", "give one of the source's shards " + shards.stream().sorted().toList()));
        }
        JsonNode key = e.get("key");
        List<Object> values = new ArrayList<>();
        if (key == null || !key.isArray() || key.size() != keyColumns) {
            errors.add(new FieldError(at + ".key", "give the primary key's " + keyColumns + " value(s) in key-column order, e.g. [1]"));
        } else {
            for (int k = 0; k < key.size(); k++) {
                JsonNode v = key.get(k);
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    values.add(v.longValue());
                } else if (v.isString() && !v.asString().isEmpty() && v.asString().length() <= MAX_KEY_TEXT) {
                    try {
                        values.add(StrictValues.printable(v.asString()));
                    } catch (StrictValues.InvalidValueException ex) {
                        errors.add(new FieldError(at + ".key[" + k + "]", ex.getMessage()));
                    }
                } else {
                    errors.add(new FieldError(at + ".key[" + k + "]", "a key value is a whole number or text of 1-" + MAX_KEY_TEXT
                            + " characters"));
                }
            }
        }
        EntityEvent.Op op = EntityEvent.Op.UPSERT;
        JsonNode opNode = e.get("op");
        if (opNode != null) {
            if (opNode.isString() && opNode.asString().equals("delete")) {
                op = EntityEvent.Op.DELETE;
            } else if (!(opNode.isString() && opNode.asString().equals("upsert"))) {
                errors.add(new FieldError(at + ".op", "upsert or delete"));
            }
        }
        Instant updatedAt = null;
        JsonNode at2 = e.get("updated_at");
        if (at2 != null) {
            try {
                updatedAt = Instant.parse(at2.isString() ? at2.asString() : "");
            } catch (DateTimeParseException ex) {
                errors.add(new FieldError(at + ".updated_at", "an ISO-8601 UTC instant such as 2026-12-07T10:00:00Z"));
            }
        }
        return errors.size() > before ? null : new EntityEvent(pipeline, shard.asString(), values, op, updatedAt);
    }
}
