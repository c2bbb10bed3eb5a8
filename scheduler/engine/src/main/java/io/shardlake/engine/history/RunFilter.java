package io.shardlake.engine.history;

import io.shardlake.engine.run.TriggerKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which runs a page shows. The default, {@link #ROUTINE}, is what on-call means by a pipeline's
 * runs: scheduled, catch-up, first and manual runs. Backfill chunks, event batches,
 * reconciliations, compactions and rebuild runs are a filter away, so that a backfill's 0-row chunk never
 * becomes the pipeline's "last run" nor its health.
 */
public enum RunFilter {
    ROUTINE("scheduled and manual", EnumSet.of(TriggerKind.SCHEDULED, TriggerKind.CATCHUP, TriggerKind.FIRST_RUN, TriggerKind.MANUAL)),
    BACKFILL("backfill chunks", EnumSet.of(TriggerKind.BACKFILL)),
    EVENT("event batches", EnumSet.of(TriggerKind.EVENT)),
    RECONCILE("reconciliations", EnumSet.of(TriggerKind.RECONCILE)),
    COMPACTION("compactions", EnumSet.of(TriggerKind.COMPACTION)),
    REBUILD("rebuild runs", EnumSet.of(TriggerKind.REBUILD, TriggerKind.REBUILD_SWITCH)),
    ALL("all runs", EnumSet.allOf(TriggerKind.class));

    private final String description;
    private final Set<TriggerKind> kinds;

    RunFilter(String description, Set<TriggerKind> kinds) {
        this.description = description;
        this.kinds = kinds;
    }

    public Set<TriggerKind> kinds() {
        return EnumSet.copyOf(kinds);
    }

    /** What the filter shows, in words: {@code scheduled and manual}. */
    public String description() {
        return description;
    }

    /** The lower-case name the pages use as a parameter value, e.g. {@code backfill}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A filter as typed; blank is the default, {@link #ROUTINE}.
     *
     * @throws IllegalArgumentException naming the field {@code runs} and the valid values
     */
    public static RunFilter parse(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException("runs: " + unknown(text)));
    }

    /** A filter as typed, blank being the default {@link #ROUTINE}; empty when the text names no filter. */
    public static Optional<RunFilter> find(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(ROUTINE);
        }
        String name = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
    }

    /** What is wrong with a value {@link #find} does not know, with the valid values. */
    public static String unknown(String text) {
        return "unknown run filter '" + text + "'; use one of " + Arrays.stream(values()).map(RunFilter::label).collect(Collectors.joining(", "));
    }
}
