package io.shardlake.engine.definition;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads every {@code *.yaml} / {@code *.yml} file of a directory (not its subdirectories), in
 * file-name order. Files are parsed independently: a bad file is reported and skipped, never
 * preventing the others from loading. Other files, such as the README, are ignored.
 */
public final class DefinitionLoader {

    /** The definitions that loaded, and the errors of those that did not. */
    public record LoadResult(List<PipelineDefinition> definitions, List<DefinitionError> errors) {
        public LoadResult {
            definitions = List.copyOf(definitions);
            errors = List.copyOf(errors);
        }
    }

    private final DefinitionParser parser;

    public DefinitionLoader(DefinitionParser parser) {
        this.parser = parser;
    }

    public LoadResult load(Path directory) {
        List<PipelineDefinition> definitions = new ArrayList<>();
        List<DefinitionError> errors = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new LoadResult(List.of(), List.of(new DefinitionError(directory.toString(), "", "no such directory")));
        }
        List<Path> files;
        try {
            files = definitionFiles(directory);
        } catch (IOException e) {
            return new LoadResult(List.of(), List.of(new DefinitionError(directory.toString(), "", "cannot list the directory: " + e)));
        }
        // Pipeline name -> file that claimed it. Claimed by file name, since a valid definition's
        // name equals it: a second file for the same pipeline is an error even if the first is broken.
        Map<String, String> claimed = new HashMap<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String earlier = claimed.putIfAbsent(DefinitionFiles.stem(fileName), fileName);
            if (earlier != null) {
                errors.add(new DefinitionError(fileName, "name", "pipeline '" + DefinitionFiles.stem(fileName)
                        + "' is already defined by " + earlier + "; keep one of the two files"));
            }
            try {
                PipelineDefinition definition = parser.parse(fileName, read(file));
                if (earlier == null) {
                    definitions.add(definition);
                }
            } catch (InvalidDefinitionException e) {
                errors.addAll(e.errors());
            } catch (CharacterCodingException e) {
                errors.add(new DefinitionError(fileName, "", "the file is not UTF-8 text"));
            } catch (IOException e) {
                errors.add(new DefinitionError(fileName, "", "cannot read the file: " + e));
            }
        }
        return new LoadResult(definitions, errors);
    }

    private static List<Path> definitionFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries
                    .filter(Files::isRegularFile)
                    .filter(p -> DefinitionFiles.isDefinition(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
