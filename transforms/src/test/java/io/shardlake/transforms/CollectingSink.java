package io.shardlake.transforms;

import java.util.ArrayList;
import java.util.List;

/** Records what a transform emits for the source rows applied to it. */
final class CollectingSink implements RowSink {

    final List<Object[]> rows = new ArrayList<>();
    final List<String> quarantined = new ArrayList<>();

    @Override
    public void row(Object[] values) {
        rows.add(values);
    }

    @Override
    public void quarantine(String reason) {
        quarantined.add(reason);
    }
}
