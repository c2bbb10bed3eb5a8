package io.shardlake.engine.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Which files hold definitions, and the pipeline name a file name implies. */
final class DefinitionFiles {

    private DefinitionFiles() {
    }

    static boolean isDefinition(String fileName) {
        return !fileName.startsWith(".") && stem(fileName) != null;
    }

    /**
     * The definition files of {@code directory} (not its subdirectories), sorted by name. Symbolic
     * links to regular files count, as a Kubernetes ConfigMap volume is made of them.
     */
    static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries
                    .filter(Files::isRegularFile)
                    .filter(p -> isDefinition(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    /** {@code orders} for {@code orders.yaml} or {@code orders.yml}; null for any other name. */
    static String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : new String[] {".yaml", ".yml"}) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return fileName.substring(0, fileName.length() - extension.length());
            }
        }
        return null;
    }
}
