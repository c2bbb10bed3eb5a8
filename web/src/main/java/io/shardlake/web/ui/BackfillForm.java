package io.shardlake.web.ui;

import io.shardlake.engine.backfill.BackfillInput;
import io.shardlake.engine.backfill.InvalidBackfillException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline page's backfill form as typed: the fields of the REST API's request (see
 * {@link BackfillInput}) under form names, checked by the same validator, so the page and the
 * API accept and refuse alike. No shard ticked means every shard, as an absent {@code shards}.
 */
record BackfillForm(String from, String to, List<String> shards, String maxConcurrency, String allowedWindow, String allowedWindowZone) {

    static final BackfillForm EMPTY = new BackfillForm("", "", List.of(), "", "", "");

    /** The API's field names (as the validator reports them) and the form's. */
    private static final Map<String, String> FORM_FIELDS = Map.of("max_concurrency", "maxConcurrency", "allowed_window", "allowedWindow",
            "allowed_window_zone", "allowedWindowZone");

    BackfillForm {
        from = from == null ? "" : from;
        to = to == null ? "" : to;
        shards = shards == null ? List.of() : shards.stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        maxConcurrency = maxConcurrency == null ? "" : maxConcurrency;
        allowedWindow = allowedWindow == null ? "" : allowedWindow;
        allowedWindowZone = allowedWindowZone == null ? "" : allowedWindowZone;
    }

    BackfillInput input(boolean dryRun) {
        return new BackfillInput(blankToNull(from), blankToNull(to), shards.isEmpty() ? null : shards, blankToNull(maxConcurrency),
                blankToNull(allowedWindow), blankToNull(allowedWindowZone), Boolean.toString(dryRun));
    }

    /**
     * Errors by form field ({@code from}, {@code maxConcurrency}, ...; {@code shards[2]} under
     * {@code shards}); one without a field is shown for the whole form, under {@code form}.
     */
    static Map<String, String> errors(InvalidBackfillException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.errors().forEach(f -> {
            String field = f.field().isEmpty() ? "form" : f.field().replaceFirst("\\[\\d+]$", "");
            String message = f.field().equals(field) ? f.message() : f.field() + " " + f.message();
            errors.merge(FORM_FIELDS.getOrDefault(field, field), message, (a, b) -> a + "; " + b);
        });
        return errors;
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s.strip();
    }
}
