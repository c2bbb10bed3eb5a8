package io.shardlake.engine.run;

import io.shardlake.engine.lake.LakeLayout;
import java.util.Objects;

/**
 * Where the live version of a pipeline's table is, for the runs that write it and the catalogs
 * that show it. A table never rebuilt is version 1 in its own folder ({@link #first}).
 *
 * @param table     the table's defined name, the one readers query
 * @param version   the live version
 * @param folder    the lake folder the live version's files go to: the table's own name where the
 *                  lake points that name at the version (a local lake's symbolic link), else the
 *                  version's own folder (on S3 {@code <table>} for version 1, {@code <table>__v<N>} after)
 * @param versioned whether a version other than 1 has ever been live: from then on a catalog shows
 *                  each version under its own name ({@link #catalogTable}) and the table's name is a
 *                  view of the live one
 */
public record LiveVersion(String table, int version, String folder, boolean versioned) {

    public LiveVersion {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(folder, "folder");
        if (version < 1) {
            throw new IllegalArgumentException("table versions start at 1, was " + version);
        }
    }

    /** Version 1 of a table never switched: its own folder, its own catalog entry. */
    public static LiveVersion first(String table) {
        return new LiveVersion(table, 1, table, false);
    }

    /** The folder of version {@code version} of {@code table} where no name points at it: version 1 is the table's own. */
    public static String ownFolder(String table, int version) {
        return version == 1 ? table : LakeLayout.versionTable(table, version);
    }

    /** The name of this version's own entry in a catalog: {@code <table>__v<N>} once versioned, else the table's. */
    public String catalogTable() {
        return versioned ? LakeLayout.versionTable(table, version) : table;
    }
}
