package io.shardlake.engine.definition;

import java.util.Locale;

/** Which files hold definitions, and the pipeline name a file name implies. */
final class DefinitionFiles {

    private DefinitionFiles() {
    }

    static boolean isDefinition(String fileName) {
        return !fileName.startsWith(".") && stem(fileName) != null;
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
