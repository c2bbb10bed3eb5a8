package io.shardlake.engine.definition;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML text into a tree, turning syntax errors into one-line messages with the line and
 * column, as an editor shows them.
 */
final class YamlTrees {

    // A repeated key would otherwise silently win over the first one.
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlTrees() {
    }

    /** The tree, or null when the text is not valid YAML (the error is recorded). */
    static JsonNode read(String text, Problems problems) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            problems.add("", describe(e));
            return null;
        }
    }

    private static String describe(JacksonException e) {
        // snakeyaml-engine (under Jackson YAML) knows the exact place and the problem in one line.
        if (e.getCause() instanceof MarkedYamlEngineException y && y.getProblemMark().isPresent()) {
            Mark at = y.getProblemMark().get();
            String context = y.getContext() == null ? "" : " (" + y.getContext() + y.getContextMark().map(m -> " at " + position(m)).orElse("") + ")";
            return "YAML syntax error at " + position(at) + ": " + y.getProblem() + context + hint(y);
        }
        TokenStreamLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "YAML error" + where + ": " + firstLine(e.getOriginalMessage());
    }

    private static String position(Mark m) {
        return "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
    }

    /** The usual culprit: an unquoted cron expression or shorthand ('*' starts an alias, '@' is reserved). */
    private static String hint(MarkedYamlEngineException y) {
        String all = y.getContext() + " " + y.getProblem();
        if (all.contains("alias") || all.contains("'@'") || all.contains("'`'")) {
            return "; quote values that start with * or @, e.g. schedule: \"*/15 * * * *\"";
        }
        return "";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
