package io.shardlake.engine.lake;

/**
 * Where a current-state table lives in the lake, beside its table:
 * <pre>
 * &lt;table&gt;_current/manifest/files.txt                           the live files, one URI a line (replaced whole)
 * &lt;table&gt;_current/data/g&lt;generation&gt;/&lt;shard&gt;-b&lt;bucket&gt;.parquet   one file per bucket (written once, never changed)
 * </pre>
 * The manifest folder is what Athena's table points at ({@code SymlinkTextInputFormat}); readers
 * never list the data folder.
 */
public final class CurrentLayout {

    public static final String MANIFEST_FOLDER = "manifest/";
    public static final String MANIFEST_FILE = "files.txt";

    private CurrentLayout() {
    }

    public static String folder(String currentTable) {
        return currentTable + "/";
    }

    /** The bucket files of every generation (not the manifest). */
    public static String dataFolder(String currentTable) {
        return folder(currentTable) + "data/";
    }

    public static String manifestFolder(String currentTable) {
        return folder(currentTable) + MANIFEST_FOLDER;
    }

    public static String manifestKey(String currentTable) {
        return manifestFolder(currentTable) + MANIFEST_FILE;
    }

    /**
     * The folder of a table version's own manifest, which lists that version's files whichever
     * version is live (what its Athena table reads): version N's current table's {@code manifest/};
     * version 1's, whose {@code manifest/} is readers' (listing the live version's), beside it in
     * {@code version-manifest/}.
     *
     * @param ownTable     the version's current table ({@code <table>_current} for version 1)
     * @param readersTable readers' current table, {@code <table>_current}
     */
    public static String ownManifestFolder(String ownTable, String readersTable) {
        return ownTable.equals(readersTable) ? folder(ownTable) + "version-manifest/" : manifestFolder(ownTable);
    }

    public static String bucketFile(String currentTable, long generation, String shard, long bucket) {
        return dataFolder(currentTable) + "g" + generation + "/" + shard + "-b" + bucket + ".parquet";
    }
}
