package io.shardlake.engine.metadata;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A source row's key (values in key-column order) as the metadata database keeps it: a JSON array; whole numbers come back as Long. */
final class KeyJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KeyJson() {
    }

    static String write(List<Object> key) {
        return JSON.writeValueAsString(key);
    }

    static List<Object> read(String json) {
        List<Object> key = new ArrayList<>();
        for (JsonNode value : JSON.readTree(json)) {
            key.add(value.isIntegralNumber() ? (Object) value.longValue() : value.asString());
        }
        return key;
    }
}
