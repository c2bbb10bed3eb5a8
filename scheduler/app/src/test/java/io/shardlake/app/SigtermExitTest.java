package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM stopped by SIGTERM (what spring-boot:run sends) runs its shutdown hooks, and exits 0 only when asked to. */
class SigtermExitTest {

    /** The child: installs the handler as the service's main does, then waits to be stopped. */
    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        SigtermExit.installIfRequested();
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    private record Stopped(int exitCode, List<String> output) {
    }

    private static Stopped startThenTerminate(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SigtermExitTest.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.equals("ready")) {
                    child.toHandle().destroy(); // SIGTERM, as the run goal sends; Process.destroy() would also close the output
                }
            }
        }
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).as("child stopped").isTrue();
        return new Stopped(child.exitValue(), output);
    }

    @Test
    void withThePropertySigtermRunsTheShutdownHooksAndExitsZero() throws Exception {
        Stopped stopped = startThenTerminate("-D" + SigtermExit.PROPERTY + "=true");

        assertThat(stopped.output()).contains("shutdown hook ran");
        assertThat(stopped.exitCode()).isZero();
    }

    @Test
    void withoutItSigtermKeepsTheJvmsExitCode143() throws Exception {
        Stopped stopped = startThenTerminate();

        assertThat(stopped.output()).contains("shutdown hook ran");
        assertThat(stopped.exitCode()).isEqualTo(143);
    }
}
