package io.shardlake.transforms;

import io.shardlake.transforms.schema.RowSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps one row per dedupe key in a batch: the one with the greatest order value (the cursor);
 * on a tie, the later row. Survivors keep their input order. Works on one batch at a time, so
 * memory is bounded by the batch, not the table.
 */
public final class Deduplicator {

    private final int[] keyPositions;
    private final int orderPosition;

    public Deduplicator(RowSchema schema, List<String> key, String orderColumn) {
        this.keyPositions = key.stream().mapToInt(schema::indexOf).toArray();
        this.orderPosition = schema.indexOf(orderColumn);
        if (Arrays.stream(keyPositions).anyMatch(p -> p < 0)) {
            throw new TransformSpecException("transform.dedupe_key", "every key column must be an output column, got " + key);
        }
        if (orderPosition < 0) {
            throw new TransformSpecException("source.cursor", "the cursor must be kept as an output column to dedupe by it ('" + orderColumn + "')");
        }
    }

    public List<Object[]> dedupe(List<Object[]> rows) {
        Map<List<Object>, Integer> winner = new HashMap<>(rows.size() * 2);
        boolean[] keep = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            List<Object> key = key(row);
            Integer previous = winner.get(key);
            if (previous == null) {
                winner.put(key, i);
                keep[i] = true;
            } else if (compare(row[orderPosition], rows.get(previous)[orderPosition]) >= 0) {
                keep[previous] = false;
                keep[i] = true;
                winner.put(key, i);
            }
        }
        List<Object[]> out = new ArrayList<>(winner.size());
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    private List<Object> key(Object[] row) {
        Object[] k = new Object[keyPositions.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = row[keyPositions[i]];
        }
        return Arrays.asList(k);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null) {
            return b == null ? 0 : -1;
        }
        if (b == null) {
            return 1;
        }
        return ((Comparable) a).compareTo(b);
    }
}
