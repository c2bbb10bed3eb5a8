package io.shardlake.web.api;

import java.util.List;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Why a request body could not be read, as the field it concerns and the problem: a wrong type
 * names the field by its JSON path ({@code chunks[2].end}), malformed JSON says where it broke.
 */
final class UnreadableBody {

    static final String BODY = "body";

    private UnreadableBody() {
    }

    static FieldProblem describe(HttpMessageNotReadableException e) {
        JacksonException jackson = jacksonCause(e);
        if (jackson == null) {
            return new FieldProblem(BODY, e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                    ? "a JSON body is required" : "cannot be read: " + e.getMessage());
        }
        String field = path(jackson.getPath());
        if (jackson instanceof InvalidFormatException f) {
            return new FieldProblem(field, "'" + f.getValue() + "' is not " + ExpectedType.of(f.getTargetType()));
        }
        if (jackson instanceof MismatchedInputException m) {
            return new FieldProblem(field, "must be " + ExpectedType.of(m.getTargetType()));
        }
        if (jackson instanceof StreamReadException) {
            var at = jackson.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new FieldProblem(field, "is not valid JSON" + where + ": " + brief(jackson.getOriginalMessage()));
        }
        return new FieldProblem(field, brief(jackson.getOriginalMessage()));
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                return j;
            }
        }
        return null;
    }

    /** {@code chunks[2].end}; {@code body} when the problem is the body itself. */
    static String path(List<JacksonException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : references) {
            if (r.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? BODY : out.toString();
    }

    /** Jackson's message without the parser's location notes, which name no field and repeat the position. */
    private static String brief(String message) {
        if (message == null) {
            return "cannot be read";
        }
        int end = message.length();
        for (String note : new String[] {"\n", " (start marker at", " at [Source"}) {
            int at = message.indexOf(note);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return message.substring(0, end);
    }
}
