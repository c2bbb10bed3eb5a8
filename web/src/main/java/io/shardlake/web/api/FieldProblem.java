package io.shardlake.web.api;

/**
 * One thing wrong with a request, as a 400 problem lists it under {@code errors}.
 *
 * @param field   the parameter or body field as the client named it ({@code limit}, {@code shards[2]},
 *                {@code body} for the body as a whole)
 * @param problem what is wrong with it, and what would be valid
 */
public record FieldProblem(String field, String problem) {
}
