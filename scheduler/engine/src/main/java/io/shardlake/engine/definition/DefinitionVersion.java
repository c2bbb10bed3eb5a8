package io.shardlake.engine.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The version of a definition: SHA-256 (hex) of a canonical JSON form of its tree, with keys
 * sorted and null fields dropped. Hashing the tree rather than the YAML text means comments,
 * formatting and key order do not create new versions, and the same definition submitted as YAML,
 * through the form or over REST gets the same version.
 */
final class DefinitionVersion {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DefinitionVersion() {
    }

    static String of(JsonNode tree) {
        byte[] canonical = JSON.writeValueAsString(canonical(tree)).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    sorted.put(e.getKey(), canonical(e.getValue()));
                }
            });
            ObjectNode out = nodes.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = nodes.arrayNode();
            node.values().forEach(v -> out.add(canonical(v)));
            return out;
        }
        return node;
    }
}
