package io.shardlake.app.browser;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium and its ChromeDriver (packages {@code chromium}, {@code chromium-driver}), the
 * browser the end-to-end tests drive. Nothing is ever downloaded by a test tool: when the packages
 * are missing and the tests run as root with apt (a fresh CI machine), they are installed from
 * Debian's repositories once; otherwise the tests fail saying how to install them.
 * {@code SHARDLAKE_CHROMIUM} and {@code SHARDLAKE_CHROMEDRIVER} point at other executables.
 */
record Chromium(Path browser, Path driver) {

    private static final List<String> PACKAGES = List.of("chromium", "chromium-driver");

    static synchronized Chromium installed() {
        Chromium chromium = new Chromium(
                Path.of(System.getenv().getOrDefault("SHARDLAKE_CHROMIUM", "/usr/bin/chromium")),
                Path.of(System.getenv().getOrDefault("SHARDLAKE_CHROMEDRIVER", "/usr/bin/chromedriver")));
        if (!chromium.present() && mayInstallPackages()) {
            installOnce(chromium);
        }
        if (!chromium.present()) {
            throw new IllegalStateException("The browser tests need Chromium and ChromeDriver at " + chromium.browser + " and "
                    + chromium.driver + ". Install them with: sudo apt-get install -y chromium chromium-driver"
                    + " (or set SHARDLAKE_CHROMIUM and SHARDLAKE_CHROMEDRIVER)");
        }
        return chromium;
    }

    private boolean present() {
        return Files.isExecutable(browser) && Files.isExecutable(driver);
    }

    private static boolean mayInstallPackages() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    }

    /**
     * Installs the packages unless another JVM did meanwhile: integration-test JVMs run side by side,
     * and two apt-get runs at once would fail on dpkg's lock. A file lock makes them take turns.
     */
    private static void installOnce(Chromium chromium) {
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "shardlake-chromium-install.lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!chromium.present()) {
                install();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot lock " + lock + " to install " + PACKAGES, e);
        }
    }

    private static void install() {
        run(List.of("apt-get", "update", "-qq"));
        run(concat(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"), PACKAGES));
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing " + PACKAGES, e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
