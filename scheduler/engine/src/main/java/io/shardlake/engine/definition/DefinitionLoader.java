package io.shardlake.engine.definition;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads every {@code *.yaml} / {@code *.yml} file of a directory (not its subdirectories), in
 * file-name order. Files are parsed independently: a bad file is reported and skipped, never
 * preventing the others from loading. Other files, such as the README, are ignored.
 */
public final class DefinitionLoader {

    /**
     * What one look at the folder found.
     *
     * @param definitions  the definitions that loaded, in file-name order
     * @param errors       the errors of the files that did not load (and of the folder itself)
     * @param sources      pipeline name -> file name and exact text of each loaded definition
     * @param files        the names of every definition file found, loaded or not, in name order
     * @param folderListed false when the folder was missing or could not be listed: then nothing
     *                     is known about its files, which is not the same as "they were deleted"
     */
    public record LoadResult(
            List<PipelineDefinition> definitions,
            List<DefinitionError> errors,
            Map<String, DefinitionSource> sources,
            List<String> files,
            boolean folderListed) {

        public LoadResult {
            definitions = List.copyOf(definitions);
            errors = List.copyOf(errors);
            sources = Map.copyOf(sources);
            files = List.copyOf(files);
        }

        /** A result without sources, as before sources were kept. */
        public LoadResult(List<PipelineDefinition> definitions, List<DefinitionError> errors) {
            this(definitions, errors, Map.of(), List.of(), true);
        }
    }

    private final DefinitionParser parser;

    public DefinitionLoader(DefinitionParser parser) {
        this.parser = parser;
    }

    DefinitionParser parser() {
        return parser;
    }

    public LoadResult load(Path directory) {
        return load(directory, Map.of());
    }

    /**
     * Loads the folder, letting the files that hold the current definitions keep their pipelines.
     *
     * <p>Two files can claim one pipeline ({@code orders.yaml} and {@code orders.yml}); only one is
     * loaded and the other is reported. Without {@code currentFiles} the first in name order wins.
     * With it, a pipeline's current file wins while it exists, so a second file added later is the
     * one reported and never silently replaces the running definition, whatever the names' order.
     *
     * @param currentFiles pipeline name -> name of the file its current definition was loaded from
     */
    public LoadResult load(Path directory, Map<String, String> currentFiles) {
        if (!Files.isDirectory(directory)) {
            return unlisted(new DefinitionError(directory.toString(), "", "no such directory"));
        }
        List<Path> files;
        try {
            files = DefinitionFiles.list(directory);
        } catch (IOException e) {
            return unlisted(new DefinitionError(directory.toString(), "", "cannot list the directory: " + e));
        }
        List<String> fileNames = files.stream().map(f -> f.getFileName().toString()).toList();
        Map<String, String> claimedBy = claims(fileNames, currentFiles);

        List<PipelineDefinition> definitions = new ArrayList<>();
        Map<String, DefinitionSource> sources = new LinkedHashMap<>();
        List<DefinitionError> errors = new ArrayList<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String pipeline = DefinitionFiles.stem(fileName);
            String claimant = claimedBy.get(pipeline);
            boolean duplicate = !claimant.equals(fileName);
            if (duplicate) {
                errors.add(new DefinitionError(fileName, "name", "pipeline '" + pipeline
                        + "' is already defined by " + claimant + "; keep one of the two files"));
            }
            try {
                String text = read(file);
                PipelineDefinition definition = parser.parse(fileName, text);
                if (!duplicate) {
                    definitions.add(definition);
                    sources.put(definition.name(), new DefinitionSource(fileName, text));
                }
            } catch (InvalidDefinitionException e) {
                errors.addAll(e.errors());
            } catch (CharacterCodingException e) {
                errors.add(new DefinitionError(fileName, "", "the file is not UTF-8 text"));
            } catch (IOException e) {
                errors.add(new DefinitionError(fileName, "", "cannot read the file: " + e));
            }
        }
        Map<String, List<String>> cycles = DependencyCycles.find(definitions);
        if (!cycles.isEmpty()) {
            for (Map.Entry<String, List<String>> c : cycles.entrySet()) {
                errors.add(new DefinitionError(sources.get(c.getKey()).fileName(), "depends_on", "forms a cycle "
                        + String.join(" -> ", c.getValue()) + ": its runs would wait for each other forever; remove one of the"
                        + " dependencies"));
                sources.remove(c.getKey());
            }
            definitions.removeIf(d -> cycles.containsKey(d.name()));
        }
        return new LoadResult(definitions, errors, sources, fileNames, true);
    }

    /**
     * Pipeline name -> the file that gets it. Claimed by file name, since a valid definition's
     * name equals it: a second file for the same pipeline is an error even if the first is broken.
     */
    private static Map<String, String> claims(List<String> fileNames, Map<String, String> currentFiles) {
        Map<String, String> claimedBy = new HashMap<>();
        for (String fileName : fileNames) {
            String pipeline = DefinitionFiles.stem(fileName);
            if (fileName.equals(currentFiles.get(pipeline))) {
                claimedBy.put(pipeline, fileName);
            }
        }
        for (String fileName : fileNames) {
            claimedBy.putIfAbsent(DefinitionFiles.stem(fileName), fileName);
        }
        return claimedBy;
    }

    private static LoadResult unlisted(DefinitionError error) {
        return new LoadResult(List.of(), List.of(error), Map.of(), List.of(), false);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
