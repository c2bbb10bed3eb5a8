package io.shardlake.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionFolderWatcherTest {

    private static final Path SHIPPED = Path.of("../../dag-definitions");

    @TempDir
    Path dir;

    private DefinitionFolderWatcher watcher;

    @BeforeEach
    void copyTheShippedOrders() throws IOException {
        Files.copy(SHIPPED.resolve("orders.yaml"), dir.resolve("orders.yaml"));
        watcher = new DefinitionFolderWatcher(dir);
    }

    @Test
    void theFirstLookIsAChangeAndAnUntouchedFolderIsNot() {
        assertThat(watcher.changedSinceLastCheck()).isTrue();
        assertThat(watcher.changedSinceLastCheck()).isFalse();
        assertThat(watcher.changedSinceLastCheck()).isFalse();
    }

    @Test
    void seesAnAddedFile() throws IOException {
        watcher.changedSinceLastCheck();
        Files.copy(SHIPPED.resolve("customers.yaml"), dir.resolve("customers.yaml"));

        assertThat(watcher.changedSinceLastCheck()).isTrue();
        assertThat(watcher.changedSinceLastCheck()).isFalse();
    }

    @Test
    void seesAnEditedFile() throws IOException {
        watcher.changedSinceLastCheck();
        Files.writeString(dir.resolve("orders.yaml"), "\n# an appended comment\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(watcher.changedSinceLastCheck()).isTrue();
    }

    @Test
    void seesADeletedFile() throws IOException {
        watcher.changedSinceLastCheck();
        Files.delete(dir.resolve("orders.yaml"));

        assertThat(watcher.changedSinceLastCheck()).isTrue();
    }

    @Test
    void seesARenamedFile() throws IOException {
        watcher.changedSinceLastCheck();
        Files.move(dir.resolve("orders.yaml"), dir.resolve("orders.yml"));

        assertThat(watcher.changedSinceLastCheck()).isTrue();
    }

    @Test
    void seesASameSizeRewriteWhoseModificationTimeWasSetBack() throws IOException {
        Path orders = dir.resolve("orders.yaml");
        String text = Files.readString(orders, StandardCharsets.UTF_8);
        FileTime modified = Files.getLastModifiedTime(orders);
        watcher.changedSinceLastCheck();
        String rewritten = text.replace("\"*/15 * * * *\"", "\"*/30 * * * *\"");
        assertThat(rewritten).hasSameSizeAs(text).isNotEqualTo(text);
        Files.writeString(orders, rewritten, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(orders, modified);

        assertThat(watcher.changedSinceLastCheck()).isTrue();
    }

    @Test
    void aNewModificationTimeWithoutAnEditIsNoChange() throws IOException {
        Path orders = dir.resolve("orders.yaml");
        watcher.changedSinceLastCheck();
        Files.setLastModifiedTime(orders, FileTime.fromMillis(Files.getLastModifiedTime(orders).toMillis() + 60_000));

        assertThat(watcher.changedSinceLastCheck()).isFalse();
    }

    @Test
    void ignoresFilesThatAreNotDefinitions() throws IOException {
        watcher.changedSinceLastCheck();
        Files.writeString(dir.resolve("README.md"), "# notes");
        Files.writeString(dir.resolve(".orders.yaml.swp"), "editor state");
        Files.writeString(dir.resolve(".orders.yaml"), "editor backup");
        Files.createDirectories(dir.resolve("old"));
        Files.copy(SHIPPED.resolve("customers.yaml"), dir.resolve("old").resolve("customers.yaml"));

        assertThat(watcher.changedSinceLastCheck()).isFalse();
    }

    @Test
    void seesTheFolderDisappearAndComeBackButNotStayingAway() throws IOException {
        Path away = dir.resolveSibling(dir.getFileName() + "-away");
        watcher.changedSinceLastCheck();
        Files.move(dir, away);
        try {
            assertThat(watcher.changedSinceLastCheck()).isTrue();
            assertThat(watcher.changedSinceLastCheck()).isFalse();
        } finally {
            Files.move(away, dir);
        }
        assertThat(watcher.changedSinceLastCheck()).isTrue();
    }

    @Test
    void anEmptyFolderDiffersFromAMissingOne() throws IOException {
        Files.delete(dir.resolve("orders.yaml"));
        DefinitionFolderWatcher ofMissing = new DefinitionFolderWatcher(dir.resolve("nope"));
        ofMissing.changedSinceLastCheck();
        watcher.changedSinceLastCheck();

        Files.createDirectory(dir.resolve("nope"));

        assertThat(ofMissing.changedSinceLastCheck()).isTrue();
        assertThat(watcher.changedSinceLastCheck()).isFalse();
    }
}
