package io.shardlake.engine.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.connectors.testing.ForwardingObjectStore;
import io.shardlake.connectors.testing.S3ProxyServer;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.connectors.testing.SettableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Partition replacement on a local lake (folder renames) and on S3 (a recorded location switch):
 * the other shards' files are carried into the new generation, a replacement interrupted half way
 * is completed by repeating it, a failed chunk's generation is discarded, and retired generations
 * are deleted only after the grace period.
 */
class PartitionReplacerTest {

    @RegisterExtension
    static S3ProxyServer s3 = new S3ProxyServer();

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String R0 = "00000000-0000-0000-0000-000000000000";
    private static final String R1 = "11111111-1111-1111-1111-111111111111";
    private static final String R2 = "22222222-2222-2222-2222-222222222222";
    private static final String P = "dt=2026-11-20";

    @TempDir
    Path tmp;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final PartitionGenerations generations = new JdbcPartitionGenerations(MetadataDatabases.h2("replacer"
            + DATABASES.incrementAndGet()));

    @Test
    void aLocalPartitionFolderIsSwappedWholeKeepingTheShardsNotReloaded() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp.resolve("lake"));
        PartitionReplacer replacer = new PartitionReplacer(store, generations, clock);
        put(store, "orders/" + P + "/" + file(R0, "shard01"), "old-1");
        put(store, "orders/" + P + "/" + file(R0, "shard02"), "old-2");
        put(store, LakeLayout.generationFolder("orders", P, R1) + file(R1, "shard02"), "new-2");

        replacer.replace("orders", List.of(P), R1, Set.of("shard02"));

        assertThat(store.list("orders/" + P + "/")).containsExactly("orders/" + P + "/" + file(R0, "shard01"),
                "orders/" + P + "/" + file(R1, "shard02"), "orders/" + P + "/" + LakeLayout.GENERATION_MARKER);
        assertThat(read(store, "orders/" + P + "/" + file(R0, "shard01"))).isEqualTo("old-1");
        assertThat(generations.live("orders", P)).hasValueSatisfying(g -> assertThat(g.runId()).isEqualTo(R1));
        assertThat(store.list(LakeLayout.retiredFolder("orders", P, R1))).hasSize(2);

        replacer.replace("orders", List.of(P), R1, Set.of("shard02")); // repeated: nothing changes
        assertThat(store.list("orders/" + P + "/")).hasSize(3);
    }

    @Test
    void aLocalReplacementInterruptedBetweenItsRenamesIsCompletedWhenRepeated() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp.resolve("lake"));
        PartitionReplacer replacer = new PartitionReplacer(store, generations, clock);
        put(store, "orders/" + P + "/" + file(R0, "shard01"), "old-1");
        put(store, LakeLayout.generationFolder("orders", P, R1) + file(R1, "shard01"), "new-1");
        put(store, LakeLayout.generationFolder("orders", P, R1) + LakeLayout.GENERATION_MARKER, R1);
        // the process died after moving the old folder aside, before moving the new one in
        store.moveFolder("orders/" + P + "/", LakeLayout.retiredFolder("orders", P, R1));

        replacer.replace("orders", List.of(P), R1, Set.of("shard01"));

        assertThat(store.list("orders/" + P + "/")).containsExactly("orders/" + P + "/" + file(R1, "shard01"),
                "orders/" + P + "/" + LakeLayout.GENERATION_MARKER);
        assertThat(generations.live("orders", P)).hasValueSatisfying(g -> assertThat(g.runId()).isEqualTo(R1));
    }

    @Test
    void aLocalReplacementWhoseRenamesLandedButNotItsRecordIsRecordedWhenRepeated() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp.resolve("lake"));
        PartitionReplacer replacer = new PartitionReplacer(store, generations, clock);
        put(store, "orders/" + P + "/" + file(R0, "shard01"), "old-1");
        put(store, LakeLayout.generationFolder("orders", P, R1) + file(R1, "shard01"), "new-1");
        put(store, LakeLayout.generationFolder("orders", P, R1) + LakeLayout.GENERATION_MARKER, R1);
        store.moveFolder("orders/" + P + "/", LakeLayout.retiredFolder("orders", P, R1));
        store.moveFolder(LakeLayout.generationFolder("orders", P, R1), "orders/" + P + "/");

        replacer.replace("orders", List.of(P), R1, Set.of("shard01"));

        assertThat(store.list("orders/" + P + "/")).contains("orders/" + P + "/" + file(R1, "shard01")).hasSize(2);
        assertThat(store.list(LakeLayout.retiredFolder("orders", P, R1))).containsExactly(
                LakeLayout.retiredFolder("orders", P, R1) + file(R0, "shard01"));
        assertThat(generations.live("orders", P)).hasValueSatisfying(g -> assertThat(g.runId()).isEqualTo(R1));
    }

    @Test
    void onS3TheGenerationStaysWhereItWasWrittenAndBecomesThePartitionsRecordedLocation() throws Exception {
        String prefix = "replacer-" + UUID.randomUUID();
        try (S3ObjectStore store = S3ObjectStore.create(new S3Settings(s3.bucket(), prefix, "us-east-1", s3.endpoint(), true, 0),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))) {
            PartitionReplacer replacer = new PartitionReplacer(store, generations, clock);
            put(store, "orders/" + P + "/" + file(R0, "shard01"), "old-1");
            put(store, "orders/" + P + "/" + file(R0, "shard02"), "old-2");
            put(store, LakeLayout.generationFolder("orders", P, R1) + file(R1, "shard02"), "new-2");

            replacer.replace("orders", List.of(P), R1, Set.of("shard02"));

            String g1 = LakeLayout.generationFolder("orders", P, R1);
            assertThat(generations.live("orders", P)).hasValueSatisfying(g -> assertThat(g.location()).isEqualTo(g1));
            assertThat(store.list(g1)).containsExactly(g1 + file(R0, "shard01"), g1 + file(R1, "shard02"), g1 + LakeLayout.GENERATION_MARKER);
            assertThat(read(store, g1 + file(R0, "shard01"))).isEqualTo("old-1");
            // the original folder is left as it was: a reader that lists it still sees complete (old) data
            assertThat(store.list("orders/" + P + "/")).hasSize(2);

            put(store, LakeLayout.generationFolder("orders", P, R2) + file(R2, "shard01"), "newer-1");
            replacer.replace("orders", List.of(P), R2, Set.of("shard01"));
            String g2 = LakeLayout.generationFolder("orders", P, R2);
            assertThat(store.list(g2)).containsExactly(g2 + file(R1, "shard02"), g2 + file(R2, "shard01"), g2 + LakeLayout.GENERATION_MARKER);

            clock.advance(Duration.ofMinutes(59));
            assertThat(replacer.deleteRetired(Duration.ofHours(1), 100)).isZero();
            clock.advance(Duration.ofMinutes(2));
            assertThat(replacer.deleteRetired(Duration.ofHours(1), 100)).isEqualTo(1);
            assertThat(store.list(g1)).isEmpty();
            assertThat(store.list("orders/" + P + "/")).hasSize(2);
        }
    }

    @Test
    void aReplacementOverAGenerationThatChangedMeanwhileIsRefusedAndChangesNothing() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp.resolve("lake"));
        generations.replace("orders", P, PartitionGenerations.ORIGINAL, R2, "orders/" + P + "/", "x/", clock.instant());
        put(store, LakeLayout.generationFolder("orders", P, R1) + file(R1, "shard01"), "new-1");
        // it read the partition as never replaced just before another replacement landed
        PartitionGenerations stale = new PartitionGenerations() {
            @Override
            public java.util.Optional<Generation> live(String table, String partition) {
                return java.util.Optional.empty();
            }

            @Override
            public boolean replace(String table, String partition, String expectedRunId, String runId, String location,
                                   String retiredLocation, Instant at) {
                return generations.replace(table, partition, expectedRunId, runId, location, retiredLocation, at);
            }

            @Override
            public List<Generation> liveOf(String table, String runId) {
                return generations.liveOf(table, runId);
            }

            @Override
            public List<Generation> retiredBefore(Instant before, int limit) {
                return generations.retiredBefore(before, limit);
            }

            @Override
            public void forget(Generation retired) {
                generations.forget(retired);
            }
        };

        assertThatThrownBy(() -> new PartitionReplacer(new NoFolderMoves(store), stale, clock).replace("orders", List.of(P), R1,
                Set.of("shard01"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("was replaced by another generation");
        assertThat(generations.live("orders", P)).hasValueSatisfying(g -> assertThat(g.runId()).isEqualTo(R2));
    }

    @Test
    void aDiscardedGenerationLeavesNoFileAndTheLiveOneAlone() throws Exception {
        LocalObjectStore store = new LocalObjectStore(tmp.resolve("lake"));
        PartitionReplacer replacer = new PartitionReplacer(store, generations, clock);
        put(store, "orders/" + P + "/" + file(R0, "shard01"), "old-1");
        put(store, LakeLayout.generationFolder("orders", P, R1) + file(R1, "shard01"), "new-1");

        replacer.discard("orders", List.of(P), R1);

        assertThat(store.list(LakeLayout.generationFolder("orders", P, R1))).isEmpty();
        assertThat(store.list("orders/" + P + "/")).hasSize(1);
    }

    @Test
    void theShardOfADataFileIsReadFromItsName() {
        assertThat(LakeLayout.shardOfDataFile("orders/" + P + "/" + file(R1, "eu-shard-07"))).isEqualTo("eu-shard-07");
        assertThat(LakeLayout.shardOfDataFile("orders/" + P + "/" + LakeLayout.filePrefix(R1, "eu-shard-07", 2, 3) + "-0001.parquet"))
                .as("a slice of a load").isEqualTo("eu-shard-07");
        assertThat(LakeLayout.dataFileOf("orders/" + P + "/" + LakeLayout.filePrefix(R1, "shard01", 2, 3) + "-0001.parquet"))
                .isEqualTo(new LakeLayout.DataFile(R1, "shard01", 2));
        assertThat(LakeLayout.shardOfDataFile("orders/" + P + "/manual-upload.parquet")).isNull();
        assertThat(LakeLayout.shardOfDataFile("orders/" + P + "/_GENERATION")).isNull();
    }

    private static String file(String runId, String shard) {
        return LakeLayout.filePrefix(runId, shard, 1) + "-0001.parquet";
    }

    private void put(ObjectStore store, String key, String text) throws IOException {
        Path f = Files.createTempFile(tmp, "obj", ".bin");
        Files.writeString(f, text);
        store.publish(f, key);
    }

    private static String read(ObjectStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A local store that cannot move folders, as S3. */
    private static final class NoFolderMoves extends ForwardingObjectStore {
        NoFolderMoves(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public boolean movesFolders() {
            return false;
        }
    }
}
