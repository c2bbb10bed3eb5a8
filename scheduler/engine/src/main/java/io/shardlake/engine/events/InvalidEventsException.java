package io.shardlake.engine.events;

import io.shardlake.engine.backfill.FieldError;
import io.shardlake.engine.backfill.InvalidFieldsException;
import java.util.List;

/** A batch of entity events refused whole, with every problem found (never just the first); nothing was queued. */
public final class InvalidEventsException extends InvalidFieldsException {

    public InvalidEventsException(List<FieldError> errors) {
        super(errors);
    }
}
