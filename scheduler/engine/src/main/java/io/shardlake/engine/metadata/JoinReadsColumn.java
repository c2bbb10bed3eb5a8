package io.shardlake.engine.metadata;

import io.shardlake.engine.run.ShardReadCost.JoinRead;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code shard_run.join_reads}: a task's {@link JoinRead}s as text, one
 * {@code <join>,<changed rows>,<rows sent>,<rows examined or -1>,<query millis>} per join, joined
 * by {@code ;}. Join names are lower_snake_case, so neither separator can occur in one.
 */
final class JoinReadsColumn {

    private JoinReadsColumn() {
    }

    static String encode(List<JoinRead> joins) {
        if (joins.isEmpty()) {
            return null;
        }
        return joins.stream().map(j -> j.join() + "," + j.changedRows() + "," + j.rowsSent() + ","
                + (j.rowsExamined() == null ? -1 : j.rowsExamined()) + "," + j.queryMillis()).collect(Collectors.joining(";"));
    }

    static List<JoinRead> decode(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<JoinRead> joins = new ArrayList<>();
        for (String entry : text.split(";")) {
            String[] f = entry.split(",");
            if (f.length != 5) {
                throw new IllegalStateException("corrupt shard_run.join_reads entry '" + entry + "'");
            }
            long examined = Long.parseLong(f[3]);
            joins.add(new JoinRead(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), examined < 0 ? null : examined, Long.parseLong(f[4])));
        }
        return joins;
    }
}
