package io.shardlake.connectors.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.function.IntPredicate;

import io.shardlake.connectors.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** {@link S3ObjectStore} against S3Proxy running in this JVM on a loopback port. */
class S3ObjectStoreIntegrationTest extends ObjectStoreContractTest {

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer();

    /** Each test writes under its own prefix of the shared bucket. */
    private String prefix;
    private S3ObjectStore s3Store;

    @Override
    protected ObjectStore newEmptyStore() {
        prefix = "it-" + UUID.randomUUID();
        s3Store = S3.newStore(prefix);
        return s3Store;
    }

    @AfterEach
    void closeStore() {
        s3Store.close();
    }

    @Test
    void publishThatFailsMidwayLeavesNoObjectAndNoPendingUpload() throws IOException {
        Path file = randomFile(12L * MIB, 1L); // parts 1 and 2 succeed, part 3 fails
        try (S3Client failingClient = clientFailing(partNumber -> partNumber >= 3)) {
            S3ObjectStore failing = new S3ObjectStore(s3Store.settings(), failingClient);

            assertThatThrownBy(() -> failing.publish(file, "orders/dt=2026-11-23/a.parquet"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("bucket '" + S3.bucket() + "'")
                    .hasMessageContaining("key '" + prefix + "/orders/dt=2026-11-23/a.parquet'")
                    .hasRootCauseMessage("injected failure uploading part 3");
        }

        assertThat(store.exists("orders/dt=2026-11-23/a.parquet")).isFalse();
        assertThat(store.list("")).isEmpty();
        assertThat(pendingUploads()).isEmpty();
        assertThat(S3.localPathOf(prefix + "/orders/dt=2026-11-23/a.parquet")).doesNotExist();
    }

    @Test
    void failedReplaceKeepsThePreviousObjectWhole() throws IOException {
        store.publish(textFile("version 1"), "orders/a.parquet");
        Path file = randomFile(11L * MIB, 2L);
        try (S3Client failingClient = clientFailing(partNumber -> partNumber >= 2)) {
            S3ObjectStore failing = new S3ObjectStore(s3Store.settings(), failingClient);

            assertThatThrownBy(() -> failing.publish(file, "orders/a.parquet")).isInstanceOf(IOException.class);
        }

        assertThat(read("orders/a.parquet")).isEqualTo("version 1");
        assertThat(pendingUploads()).isEmpty();
    }

    @Test
    void publishOfAFileTruncatedDuringUploadFailsAndLeavesNothing() throws IOException {
        Path file = randomFile(12L * MIB, 3L);
        // Cut the file to 1 MiB just before part 2 is sent: part 2 must not go out short.
        ExecutionInterceptor truncateBeforePart2 = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UploadPartRequest part && part.partNumber() == 2) {
                    truncate(file, MIB);
                }
            }
        };
        try (S3Client client = S3.clientBuilder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(truncateBeforePart2)).build()) {
            S3ObjectStore truncating = new S3ObjectStore(s3Store.settings(), client);

            assertThatThrownBy(() -> truncating.publish(file, "orders/a.parquet"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("truncated during upload");
        }

        assertThat(store.exists("orders/a.parquet")).isFalse();
        assertThat(pendingUploads()).isEmpty();
    }

    @Test
    void publishOfAMissingSourceFileFailsWithoutStartingAnUpload() {
        assertThatThrownBy(() -> store.publish(work.resolve("gone.parquet"), "orders/a.parquet"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gone.parquet")
                .hasMessageContaining("s3://" + S3.bucket() + "/" + prefix + "/orders/a.parquet");

        assertThat(pendingUploads()).isEmpty();
    }

    @Test
    void keysAreStoredUnderTheConfiguredPrefixWithoutDoubleSlashes() throws IOException {
        try (S3ObjectStore slashy = S3ObjectStore.create(
                S3.settings("/" + prefix + "/nested/", S3Settings.MIN_PART_SIZE_BYTES), S3.credentialsProvider())) {
            slashy.publish(textFile("x"), "orders/dt=2026-11-23/a.parquet");

            assertThat(rawKeysUnder(prefix)).containsExactly(prefix + "/nested/orders/dt=2026-11-23/a.parquet");
            assertThat(slashy.list("")).containsExactly("orders/dt=2026-11-23/a.parquet");
            assertThat(slashy.uri("orders/dt=2026-11-23/a.parquet"))
                    .isEqualTo("s3://" + S3.bucket() + "/" + prefix + "/nested/orders/dt=2026-11-23/a.parquet");
        }
    }

    @Test
    void storeWithoutPrefixUsesTheBucketRoot() throws IOException {
        String key = prefix + "-root/a.parquet";
        try (S3ObjectStore root = S3ObjectStore.create(S3.settings("", S3Settings.MIN_PART_SIZE_BYTES),
                S3.credentialsProvider())) {
            root.publish(textFile("x"), key);

            assertThat(rawKeysUnder(prefix + "-root/")).containsExactly(key);
            assertThat(root.uri(key)).isEqualTo("s3://" + S3.bucket() + "/" + key);
            root.delete(key);
        }
    }

    @Test
    void listPaginatesPastAThousandKeys() throws IOException {
        store.publish(textFile("1"), "many/k00000");
        // Server-side copies: listing is what this test is about, and S3 pages at 1,000 keys.
        try (S3Client raw = S3.newClient()) {
            for (int i = 1; i < 1_005; i++) {
                String to = String.format("%s/many/k%05d", prefix, i);
                raw.copyObject(b -> b.sourceBucket(S3.bucket()).sourceKey(prefix + "/many/k00000")
                        .destinationBucket(S3.bucket()).destinationKey(to));
            }
        }

        List<String> keys = store.list("many/");

        assertThat(keys).hasSize(1_005).isSorted().startsWith("many/k00000").endsWith("many/k01004");
    }

    @Test
    void publishedBytesLieOnDiskWhereTheTestServerSays() throws IOException {
        Path file = randomFile(6L * MIB, 4L);

        store.publish(file, "orders/dt=2026-11-23/a.parquet");

        Path onDisk = S3.localPathOf(prefix + "/orders/dt=2026-11-23/a.parquet");
        assertThat(onDisk).startsWith(S3.storageDirectory()).hasSameBinaryContentAs(file);
    }

    @Test
    void ensureBucketCreatesAMissingBucketAndIsIdempotent() throws IOException {
        String bucket = "ensure-" + UUID.randomUUID().toString().substring(0, 8);
        S3Settings settings = new S3Settings(bucket, "lake", S3ProxyServer.REGION.id(), S3.endpoint(), true, 0);
        try (S3ObjectStore other = S3ObjectStore.create(settings, S3.credentialsProvider())) {
            other.ensureBucket();
            other.ensureBucket();

            other.publish(textFile("x"), "a.parquet");
            assertThat(other.list("")).containsExactly("a.parquet");
        }
    }

    @Test
    void operationsOnAMissingBucketFailWithIOExceptionsNamingIt() {
        S3Settings settings = new S3Settings("no-such-bucket", "lake", S3ProxyServer.REGION.id(), S3.endpoint(),
                true, 0);
        try (S3ObjectStore missing = S3ObjectStore.create(settings, S3.credentialsProvider())) {
            assertThatThrownBy(() -> missing.list("")).isInstanceOf(IOException.class)
                    .hasMessageContaining("no-such-bucket");
            assertThatThrownBy(() -> missing.publish(textFile("x"), "a.parquet")).isInstanceOf(IOException.class)
                    .hasMessageContaining("no-such-bucket").hasMessageContaining("lake/a.parquet");
        }
    }

    // --- helpers ---

    /** A client whose UploadPart calls fail, before sending, for the part numbers {@code fails} accepts. */
    private static S3Client clientFailing(IntPredicate fails) {
        ExecutionInterceptor failParts = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UploadPartRequest part && fails.test(part.partNumber())) {
                    throw SdkClientException.create("injected failure uploading part " + part.partNumber());
                }
            }
        };
        return S3.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(failParts)).build();
    }

    private List<String> pendingUploads() {
        try (S3Client raw = S3.newClient()) {
            return raw.listMultipartUploads(b -> b.bucket(S3.bucket())).uploads().stream()
                    .map(MultipartUpload::key)
                    .filter(key -> key.startsWith(prefix))
                    .toList();
        }
    }

    private static List<String> rawKeysUnder(String rawPrefix) {
        try (S3Client raw = S3.newClient()) {
            return raw.listObjectsV2Paginator(b -> b.bucket(S3.bucket()).prefix(rawPrefix)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    private static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
