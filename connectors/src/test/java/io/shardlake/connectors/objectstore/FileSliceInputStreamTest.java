package io.shardlake.connectors.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSliceInputStreamTest {

    @TempDir
    Path work;

    @Test
    void readsExactlyTheSliceAndCanBeReopenedForARetry() throws IOException {
        Path file = Files.writeString(work.resolve("f"), "0123456789");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(new FileSliceInputStream(channel, 3, 4).readAllBytes()).isEqualTo("3456".getBytes());
            assertThat(new FileSliceInputStream(channel, 3, 4).readAllBytes()).isEqualTo("3456".getBytes());
            assertThat(new FileSliceInputStream(channel, 8, 2).readAllBytes()).isEqualTo("89".getBytes());
            assertThat(new FileSliceInputStream(channel, 10, 0).read()).isEqualTo(-1);
        }
    }

    @Test
    void fileEndingBeforeTheSliceEndsFailsInsteadOfSendingAShortPart() throws IOException {
        Path file = Files.writeString(work.resolve("f"), "0123");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileSliceInputStream slice = new FileSliceInputStream(channel, 2, 5);

            assertThatThrownBy(slice::readAllBytes).isInstanceOf(EOFException.class)
                    .hasMessageContaining("truncated during upload");
        }
    }
}
