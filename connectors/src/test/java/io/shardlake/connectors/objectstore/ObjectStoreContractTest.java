package io.shardlake.connectors.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of {@link ObjectStore}, run against every implementation. Subclasses supply a fresh,
 * empty store per test.
 */
abstract class ObjectStoreContractTest {

    static final int MIB = 1024 * 1024;

    @TempDir
    Path work;

    ObjectStore store;

    /** A new store with no keys; parts of 5 MiB where the store uploads in parts. */
    protected abstract ObjectStore newEmptyStore() throws IOException;

    @BeforeEach
    void createStore() throws IOException {
        store = newEmptyStore();
    }

    @Test
    void publishedObjectIsListedReadableAndExists() throws IOException {
        store.publish(textFile("hello lake"), "orders/part-0001.parquet");

        assertThat(store.exists("orders/part-0001.parquet")).isTrue();
        assertThat(store.list("")).containsExactly("orders/part-0001.parquet");
        assertThat(read("orders/part-0001.parquet")).isEqualTo("hello lake");
    }

    @Test
    void publishReplacesAnExistingObjectWhole() throws IOException {
        store.publish(textFile("the first, longer version"), "orders/a.parquet");

        store.publish(textFile("second"), "orders/a.parquet");

        assertThat(read("orders/a.parquet")).isEqualTo("second");
        assertThat(store.list("orders/")).containsExactly("orders/a.parquet");
    }

    @Test
    void copyMakesAnIndependentWholeObjectAtTheNewKey() throws IOException {
        store.publish(textFile("rows"), "orders/dt=1/a.parquet");

        store.copy("orders/dt=1/a.parquet", "orders/_generations/dt=1/g/a.parquet");
        store.delete("orders/dt=1/a.parquet");

        assertThat(read("orders/_generations/dt=1/g/a.parquet")).isEqualTo("rows");
        assertThat(store.list("orders/")).containsExactly("orders/_generations/dt=1/g/a.parquet");
    }

    @Test
    void aFolderMovesWholeWhereTheStoreCanMoveFolders() throws IOException {
        store.publish(textFile("a"), "orders/_generations/dt=1/g/a.parquet");
        store.publish(textFile("b"), "orders/_generations/dt=1/g/b.parquet");
        if (!store.movesFolders()) {
            assertThatThrownBy(() -> store.moveFolder("orders/_generations/dt=1/g/", "orders/dt=1/"))
                    .isInstanceOf(UnsupportedOperationException.class);
            return;
        }

        store.moveFolder("orders/_generations/dt=1/g/", "orders/dt=1/");

        assertThat(store.list("orders/")).containsExactly("orders/dt=1/a.parquet", "orders/dt=1/b.parquet");
        assertThat(read("orders/dt=1/b.parquet")).isEqualTo("b");
    }

    @Test
    void deleteRemovesThePublishedObject() throws IOException {
        store.publish(textFile("x"), "orders/a.parquet");

        store.delete("orders/a.parquet");

        assertThat(store.exists("orders/a.parquet")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void deleteOfAMissingKeyIsNotAnError() throws IOException {
        store.delete("never/published.parquet");
        store.publish(textFile("x"), "orders/a.parquet");
        store.delete("orders/a.parquet");

        store.delete("orders/a.parquet");

        assertThat(store.exists("orders/a.parquet")).isFalse();
    }

    @Test
    void existsIsFalseForAMissingKey() throws IOException {
        assertThat(store.exists("orders/missing.parquet")).isFalse();
    }

    @Test
    void openOfAMissingKeyFailsWithNoSuchFileException() {
        assertThatThrownBy(() -> store.open("orders/missing.parquet")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listUnderAPrefixReturnsOnlyThatPrefixSorted() throws IOException {
        for (String key : new String[] {"orders/dt=2026-11-24/b.parquet", "orders/dt=2026-11-23/b.parquet",
                "orders/dt=2026-11-23/a.parquet", "ordersx/a.parquet", "customers/dt=2026-11-23/a.parquet"}) {
            store.publish(textFile(key), key);
        }

        assertThat(store.list("orders/")).containsExactly("orders/dt=2026-11-23/a.parquet",
                "orders/dt=2026-11-23/b.parquet", "orders/dt=2026-11-24/b.parquet");
        assertThat(store.list("orders/dt=2026-11-23/")).containsExactly("orders/dt=2026-11-23/a.parquet",
                "orders/dt=2026-11-23/b.parquet");
        assertThat(store.list("")).hasSize(5).isSorted();
    }

    @Test
    void listTreatsThePrefixAsAPlainStringPrefixLikeS3() throws IOException {
        store.publish(textFile("1"), "orders/dt=2026-11-23/a.parquet");
        store.publish(textFile("2"), "orders/dt=2026-12-01/a.parquet");
        store.publish(textFile("3"), "ordersx/a.parquet");

        assertThat(store.list("orders/dt=2026-11")).containsExactly("orders/dt=2026-11-23/a.parquet");
        assertThat(store.list("orders")).containsExactly("orders/dt=2026-11-23/a.parquet",
                "orders/dt=2026-12-01/a.parquet", "ordersx/a.parquet");
    }

    @Test
    void listOfAPrefixWithNoKeysIsEmpty() throws IOException {
        store.publish(textFile("1"), "orders/a.parquet");

        assertThat(store.list("customers/")).isEmpty();
        assertThat(store.list("orders/dt=2026-11-23/")).isEmpty();
    }

    @Test
    void largeFilePublishedInPartsRoundTripsByteExact() throws IOException {
        // 8 full 5 MiB parts and a short ninth one.
        Path large = randomFile(40L * MIB + 12_345, 20261123L);

        store.publish(large, "orders/dt=2026-11-23/large.parquet");

        try (InputStream in = store.open("orders/dt=2026-11-23/large.parquet")) {
            assertSameBytes(in, large);
        }
    }

    @Test
    void emptyFileRoundTrips() throws IOException {
        store.publish(Files.createFile(work.resolve("empty")), "orders/empty.parquet");

        assertThat(store.exists("orders/empty.parquet")).isTrue();
        assertThat(read("orders/empty.parquet")).isEmpty();
    }

    @Test
    void keysWithUnicodeSpacesAndEqualsSignsRoundTrip() throws IOException {
        String[] keys = {"orders/dt=2026-11-23/a.parquet", "clientes/país=São Tomé/região=Ñuñoa/ü 1.parquet",
                "注文/dt=2026-11-23/データ.parquet"};
        for (String key : keys) {
            store.publish(textFile("content of " + key), key);
        }

        for (String key : keys) {
            assertThat(store.exists(key)).as(key).isTrue();
            assertThat(read(key)).isEqualTo("content of " + key);
        }
        assertThat(store.list("")).containsExactlyInAnyOrder(keys).isSorted();
        assertThat(store.list("clientes/país=São Tomé/")).containsExactly(keys[1]);
    }

    @Test
    void keysThatAreNotRelativePathsAreRefused() {
        for (String bad : new String[] {"", "/orders/a.parquet", "orders//a.parquet", "../outside.parquet",
                "orders/../../outside.parquet", "orders/./a.parquet", "orders/"}) {
            assertThatThrownBy(() -> store.publish(work, bad)).as("key '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void listPrefixesThatAreNotRelativePathsAreRefused() {
        for (String bad : new String[] {"/orders/", "../", "orders/../../", "orders//"}) {
            assertThatThrownBy(() -> store.list(bad)).as("prefix '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void uriNamesTheKey() {
        assertThat(store.uri("orders/dt=2026-11-23/a.parquet")).endsWith("orders/dt=2026-11-23/a.parquet");
    }

    // --- helpers shared with the subclasses ---

    Path textFile(String content) throws IOException {
        return Files.writeString(Files.createTempFile(work, "src", ".bin"), content, StandardCharsets.UTF_8);
    }

    String read(String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A file of {@code size} pseudo-random bytes from {@code seed}, written in 1 MiB chunks. */
    Path randomFile(long size, long seed) throws IOException {
        Path file = Files.createTempFile(work, "random", ".bin");
        Random random = new Random(seed);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        return file;
    }

    /** Compares a stream with a file chunk by chunk; reports the first differing offset. */
    static void assertSameBytes(InputStream actual, Path expectedFile) throws IOException {
        try (InputStream expected = Files.newInputStream(expectedFile)) {
            long offset = 0;
            while (true) {
                byte[] want = expected.readNBytes(64 * 1024);
                byte[] got = actual.readNBytes(64 * 1024);
                if (want.length == 0 && got.length == 0) {
                    break;
                }
                int mismatch = java.util.Arrays.mismatch(want, got);
                assertThat(mismatch).as("first differing byte at offset %d", offset + Math.max(mismatch, 0))
                        .isEqualTo(-1);
                offset += want.length;
            }
            assertThat(offset).isEqualTo(Files.size(expectedFile));
        }
    }
}
