package io.shardlake.engine.rebuild;

import io.shardlake.engine.backfill.FieldError;
import io.shardlake.engine.backfill.InvalidFieldsException;
import java.util.List;

/** A rebuild request that cannot be planned: every problem, each naming its field. Nothing was changed. */
public final class InvalidRebuildException extends InvalidFieldsException {

    public InvalidRebuildException(List<FieldError> errors) {
        super(errors);
    }
}
