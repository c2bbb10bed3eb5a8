package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging folders of processes: kept while their process lives, removed once it died, even by SIGKILL. */
class WorkDirectoryTest {

    @TempDir
    Path root;

    private Process other;

    @AfterEach
    void killTheOtherProcess() throws Exception {
        if (other != null) {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void theFolderOfAKilledProcessIsRemovedByTheNextClaimAndThatOfALiveOneIsKept() throws Exception {
        other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldWorkDirectory.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path othersFolder = Path.of(new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8)).readLine());
        Files.writeString(othersFolder.resolve("staged.parquet"), "rows");

        try (WorkDirectory mine = WorkDirectory.claim(root)) {
            assertThat(othersFolder.resolve("staged.parquet")).as("the other process is alive").exists();
            assertThat(mine.path()).isNotEqualTo(othersFolder).isDirectory();
        }
        other.destroyForcibly();
        assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();

        try (WorkDirectory mine = WorkDirectory.claim(root)) {
            assertThat(othersFolder).as("its process was killed").doesNotExist();
        }
    }

    @Test
    void aFolderWhoseProcessDiedBeforeLockingItIsRemoved() throws Exception {
        Path unlocked = Files.createDirectories(root.resolve("process-123"));
        Files.writeString(unlocked.resolve("staged.parquet"), "rows");

        try (WorkDirectory mine = WorkDirectory.claim(root)) {
            assertThat(unlocked).doesNotExist();
        }
    }

    @Test
    void nodesInOneJvmKeepEachOthersFoldersAndEachRemovesItsOwnWhenClosed() throws Exception {
        Path other = Files.createDirectories(root.resolve("not-a-process-folder"));
        WorkDirectory first = WorkDirectory.claim(root);
        WorkDirectory second = WorkDirectory.claim(root);
        Files.writeString(first.path().resolve("staged.parquet"), "rows");
        WorkDirectory third = WorkDirectory.claim(root);

        assertThat(first.path().resolve("staged.parquet")).exists();
        second.close();
        third.close();
        first.close();
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "not-a-process-folder");
        }
        assertThat(other).isDirectory();
    }

    /** Another process: claims a folder under the root given, prints it, and waits to be killed. */
    static final class HoldWorkDirectory {
        public static void main(String[] args) throws Exception {
            WorkDirectory held = WorkDirectory.claim(Path.of(args[0]));
            System.out.println(held.path());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
