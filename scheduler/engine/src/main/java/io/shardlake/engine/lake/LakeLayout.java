package io.shardlake.engine.lake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of the lake. Data: {@code <table>/dt=YYYY-MM-DD/<run>-<shard>-a<attempt>-<seq>.parquet}
 * (Hive style, what Athena and DuckDB read). Quarantined rows sit outside every table folder,
 * under {@code _quarantine/} (ignored by Hive-style readers), so they never disturb a table's
 * partition layout.
 *
 * <p>Replaced partitions (backfills): a generation is first written to
 * {@code <table>/_generations/<partition>/<run>/}, which Hive-style readers of
 * {@code <table>/<partition>/} never look at, then made live (see {@code PartitionReplacer}).
 */
public final class LakeLayout {

    public static final String QUARANTINE_ROOT = "_quarantine";
    public static final String GENERATIONS = "_generations";
    /** Between a table's name and its version number in the name of a rebuilt version's table. */
    public static final String VERSION_SEPARATOR = "__v";
    /** Names the generation a folder holds; readers skip names starting with {@code _}. */
    public static final String GENERATION_MARKER = "_GENERATION";

    // run ids are UUIDs (36 characters), so the shard is what lies between them and -a<attempt>-<seq>
    private static final Pattern PARTITION_SEGMENT = Pattern.compile("(?:^|/)(" + io.shardlake.transforms.Partitioner.KEY + "=[^/]+)/");
    private static final Pattern DATA_FILE = Pattern.compile("([0-9a-f-]{36})-(.+)-a(\\d+)(?:-s\\d+)?-\\d{4,}\\.parquet");

    private LakeLayout() {
    }

    public static String dataKey(String table, String partitionFolder, String fileName) {
        return table + "/" + partitionFolder + "/" + fileName;
    }

    /** The folder prefix readers list for a partition: {@code <table>/<partition>/}. */
    public static String partitionFolder(String table, String partitionFolder) {
        return table + "/" + partitionFolder + "/";
    }

    /**
     * The partition folder ({@code dt=2026-11-23}) an object key is in, whether it sits in the
     * partition folder or in one of its generations; null for a key in no partition.
     */
    public static String partitionOf(String key) {
        java.util.regex.Matcher m = PARTITION_SEGMENT.matcher(key);
        return m.find() ? m.group(1) : null;
    }

    /** Where backfill run {@code runId} writes the new generation of a partition. */
    public static String generationFolder(String table, String partitionFolder, String runId) {
        return table + "/" + GENERATIONS + "/" + partitionFolder + "/" + runId + "/";
    }

    /**
     * The folder that holds version {@code version} of {@code table}, beside it:
     * {@code <table>__v<version>}. Readers find the live version under {@code <table>} itself:
     * version 1 is written there as first loaded, and moves to its own folder when a rebuilt
     * version first goes live (from then on {@code <table>} points at the live version's folder).
     */
    public static String versionTable(String table, int version) {
        return table + VERSION_SEPARATOR + version;
    }

    /** Where a local lake moves the generation that run {@code runId} replaced, until it is deleted. */
    public static String retiredFolder(String table, String partitionFolder, String runId) {
        return table + "/" + GENERATIONS + "/" + partitionFolder + "/retired-by-" + runId + "/";
    }

    /**
     * The shard a data file of this layout belongs to ({@code <run uuid>-<shard>-a<N>-<seq>.parquet},
     * or {@code ...-a<N>-s<slice>-<seq>.parquet} for a slice of a load, see {@link #filePrefix(String, String, int, int)}),
     * or null for a file this service did not name.
     */
    public static String shardOfDataFile(String key) {
        DataFile file = dataFileOf(key);
        return file == null ? null : file.shard();
    }

    /**
     * Whether {@code key} is a data file in a partition folder of the table folder {@code folder}
     * ({@code <folder>/dt=.../x.parquet}): what a table version being built holds, which has no
     * generations, quarantine or work files.
     */
    public static boolean isPartitionDataFile(String folder, String key) {
        String prefix = folder + "/";
        if (!key.startsWith(prefix)) {
            return false;
        }
        String rest = key.substring(prefix.length());
        return rest.indexOf('/') == rest.lastIndexOf('/') && !rest.startsWith("_") && rest.endsWith(".parquet");
    }

    /** The task that wrote a data file: the run, shard and attempt its name carries. */
    public record DataFile(String runId, String shard, int attempt) {
    }

    /** The task a data file of this layout was written by, or null for a file this service did not name. */
    public static DataFile dataFileOf(String key) {
        Matcher m = DATA_FILE.matcher(key.substring(key.lastIndexOf('/') + 1));
        return m.matches() ? new DataFile(m.group(1), m.group(2), Integer.parseInt(m.group(3))) : null;
    }

    public static String quarantineKey(String table, Instant runStart, String runId, String shard, int attempt) {
        return quarantineKey(table, runStart, filePrefix(runId, shard, attempt));
    }

    /** Like {@link #quarantineKey(String, Instant, String, String, int)}, for the files of {@code filePrefix}. */
    public static String quarantineKey(String table, Instant runStart, String filePrefix) {
        LocalDate day = LocalDate.ofInstant(runStart, ZoneOffset.UTC);
        return QUARANTINE_ROOT + "/" + table + "/dt=" + day + "/" + filePrefix + ".jsonl";
    }

    /**
     * File-name prefix of one task attempt's files: unique per run, shard and attempt, so neither a
     * retry nor a node that lost its lease can overwrite another attempt's files.
     */
    public static String filePrefix(String runId, String shard, int attempt) {
        return runId + "-" + shard + "-a" + attempt;
    }

    /** File-name prefix of one slice of a task attempt loading in slices; slice 0 has the attempt's own prefix. */
    public static String filePrefix(String runId, String shard, int attempt, int slice) {
        return slice == 0 ? filePrefix(runId, shard, attempt) : filePrefix(runId, shard, attempt) + "-s" + slice;
    }
}
