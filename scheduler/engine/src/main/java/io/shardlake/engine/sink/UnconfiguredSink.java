package io.shardlake.engine.sink;

import java.util.function.Predicate;

/**
 * A sink a pipeline asks for that this service has no settings for: its runs fail before they
 * write, saying what to configure, rather than skipping the sink without a word.
 */
public final class UnconfiguredSink implements TableSink {

    private final String name;
    private final Predicate<SinkTable> wanted;
    private final String missing;

    /** @param missing what to configure, e.g. {@code shardlake.redshift.jdbc-url} */
    public UnconfiguredSink(String name, Predicate<SinkTable> wanted, String missing) {
        this.name = name;
        this.wanted = wanted;
        this.missing = missing;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean serves(SinkTable table) {
        return wanted.test(table);
    }

    @Override
    public void check(SinkTable table, boolean backfill) {
        throw new SinkRefusedException(name, "pipeline " + table.pipeline() + " loads its runs into " + name
                + ", but this service has no " + name + " settings: configure " + missing, null);
    }

    @Override
    public void deliver(SinkTable table, CommittedRun run) {
        throw new IllegalStateException(name + " is not configured");
    }
}
