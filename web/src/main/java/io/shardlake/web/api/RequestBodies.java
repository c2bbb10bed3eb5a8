package io.shardlake.web.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reading a JSON request body of simple fields: required, no unknown fields, each field a single value or left out. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * @param example a body that works, for the error when it is missing
     * @param what    what the fields belong to ("a backfill field")
     */
    static Map<String, Object> checked(Map<String, Object> body, Set<String> fields, String example, String what) {
        if (body == null) {
            throw ApiProblems.badRequest("body", "is required: a JSON object such as " + example);
        }
        Set<String> unknown = new TreeSet<>(body.keySet());
        unknown.removeAll(fields);
        if (!unknown.isEmpty()) {
            throw ApiProblems.badRequest(unknown.iterator().next(), "is not " + what + "; use " + String.join(", ", new TreeSet<>(fields)));
        }
        return body;
    }

    /** The field as text; null when left out. */
    static String scalar(Map<String, Object> body, String field) {
        Object v = present(body, field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw ApiProblems.badRequest(field, "must be a single value, not " + (v instanceof Map ? "an object" : "a list"));
        }
        return v.toString();
    }

    /**
     * The field's value, null when it is left out. An explicit JSON null is refused: read as "left
     * out" it would make {@code "dry_run": null} start a real backfill.
     */
    static Object present(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null && body.containsKey(field)) {
            throw ApiProblems.badRequest(field, "must not be null; leave it out for its default");
        }
        return v;
    }
}
