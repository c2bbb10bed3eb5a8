package io.shardlake.engine.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The first step of a reconciliation: which key ranges differ between the replica and the lake.
 * A range the replica has no key in needs no second look (every lake key in it is gone from the
 * source); a range with keys on the replica whose summary differs is listed key by key.
 *
 * @param ranges           ranges holding keys on either side
 * @param toList           ranges to read key by key from the replica, ascending
 * @param goneFromSource   ranges the replica has no key in but the lake has, ascending
 */
public record RangeComparison(int ranges, List<Long> toList, List<Long> goneFromSource) {

    public static RangeComparison of(Map<Long, KeyRanges.Summary> source, Map<Long, KeyRanges.Summary> lake) {
        TreeSet<Long> all = new TreeSet<>(source.keySet());
        all.addAll(lake.keySet());
        List<Long> toList = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        for (long range : all) {
            KeyRanges.Summary s = source.get(range);
            KeyRanges.Summary l = lake.get(range);
            if (Objects.equals(s, l)) {
                continue;
            }
            if (s == null) {
                gone.add(range);
            } else {
                toList.add(range);
            }
        }
        return new RangeComparison(all.size(), List.copyOf(toList), List.copyOf(gone));
    }

    public int differing() {
        return toList.size() + goneFromSource.size();
    }
}
