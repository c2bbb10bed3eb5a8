package io.shardlake.connectors.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContractTest {

    @TempDir
    Path lake;

    @Override
    protected ObjectStore newEmptyStore() {
        return new LocalObjectStore(lake);
    }

    @Test
    void publishLeavesNoHiddenTempFileBehind() throws IOException {
        store.publish(textFile("v1"), "orders/dt=2026-11-23/a.parquet");
        store.publish(textFile("v2"), "orders/dt=2026-11-23/a.parquet");

        assertThat(allFilesUnder(lake)).containsExactly(lake.resolve("orders/dt=2026-11-23/a.parquet"));
    }

    @Test
    void theTempFilesOfAnInterruptedPublishAreRemovedByKeyAndNothingElse() throws IOException {
        store.publish(textFile("kept"), "orders/dt=2026-11-23/a.parquet");
        store.publish(textFile("other"), "orders/dt=2026-11-23/ab.parquet");
        Path folder = lake.resolve("orders/dt=2026-11-23");
        // What a process killed while copying a.parquet (twice) and ab.parquet leaves behind.
        Files.writeString(folder.resolve(".a.parquet.6f1c0c2e-0b1d-4c39-9a57-1b0c4f1e2d3a.tmp"), "partial");
        Files.writeString(folder.resolve(".a.parquet.0d9e8f7a-1111-4c39-9a57-1b0c4f1e2d3a.tmp"), "partial");
        Files.writeString(folder.resolve(".ab.parquet.aaaa.tmp"), "partial");

        store.removeIncomplete("orders/dt=2026-11-23/a.parquet");
        store.removeIncomplete("orders/dt=2026-12-01/never-published.parquet");

        assertThat(allFilesUnder(lake)).containsExactlyInAnyOrder(folder.resolve("a.parquet"), folder.resolve("ab.parquet"),
                folder.resolve(".ab.parquet.aaaa.tmp"));
    }

    @Test
    void publishOfAMissingSourceFileFailsAndLeavesNothingAtTheKey() throws IOException {
        Path missing = work.resolve("does-not-exist.parquet");

        assertThatThrownBy(() -> store.publish(missing, "orders/dt=2026-11-23/a.parquet"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does-not-exist.parquet")
                .hasMessageContaining("orders/dt=2026-11-23/a.parquet");

        assertThat(store.exists("orders/dt=2026-11-23/a.parquet")).isFalse();
        assertThat(allFilesUnder(lake)).isEmpty();
    }

    @Test
    void publishOfAMissingSourceFileKeepsThePreviousObject() throws IOException {
        store.publish(textFile("v1"), "orders/a.parquet");

        assertThatThrownBy(() -> store.publish(work.resolve("gone"), "orders/a.parquet"))
                .isInstanceOf(IOException.class);

        assertThat(read("orders/a.parquet")).isEqualTo("v1");
    }

    @Test
    void listSkipsHiddenWorkFiles() throws IOException {
        store.publish(textFile("x"), "orders/a.parquet");
        // What a crashed publish leaves behind.
        Files.writeString(lake.resolve("orders/.a.parquet.0b7f.tmp"), "partial");

        assertThat(store.list("")).containsExactly("orders/a.parquet");
        assertThat(store.list("orders/.")).isEmpty();
    }

    @Test
    void keysNamingHiddenFilesAreRefused() {
        assertThatThrownBy(() -> store.publish(textFile("x"), "orders/.a.parquet"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishedFileIsReadableByOthersNotOwnerOnly() throws IOException {
        store.publish(textFile("x"), "orders/a.parquet");

        Path published = lake.resolve("orders/a.parquet");
        if (published.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // A temp file from Files.createTempFile would be 0600; query engines may run as another user.
            assertThat(Files.getPosixFilePermissions(published))
                    .isEqualTo(Files.getPosixFilePermissions(Files.createFile(work.resolve("plain"))));
        }
    }

    @Test
    void uriIsTheFileUriOfThePath() {
        String uri = store.uri("orders/dt=2026-11-23/a.parquet");

        assertThat(uri).startsWith("file:");
        assertThat(Path.of(java.net.URI.create(uri))).isEqualTo(lake.resolve("orders/dt=2026-11-23/a.parquet"));
    }

    private static java.util.List<Path> allFilesUnder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
