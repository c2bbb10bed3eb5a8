package io.shardlake.web.api;

import io.shardlake.engine.history.RunFilter;
import io.shardlake.engine.input.StrictValues;
import org.springframework.web.ErrorResponseException;

/**
 * Query parameters read strictly (see {@link StrictValues}): left out means the default, anything
 * else must be exactly valid, so {@code limit=}, {@code limit=0x10} and {@code limit=+5} are a 400
 * naming the parameter. Controllers take these parameters as text and read them here, because
 * Spring's own conversion reads hex and a plus sign, and turns an empty value into the default.
 * Pages use it too: their advice shows the 400 as a page.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * @param absent the value when the parameter is left out
     * @throws ErrorResponseException 400 naming the parameter
     */
    public static int wholeNumber(String name, String text, int min, int max, int absent) {
        return text == null ? absent : (int) wholeNumber(name, text, min, (long) max);
    }

    /**
     * @return null when the parameter is left out
     * @throws ErrorResponseException 400 naming the parameter
     */
    public static Long optionalWholeNumber(String name, String text, long min, long max) {
        return text == null ? null : wholeNumber(name, text, min, max);
    }

    /**
     * A run filter by its label ({@link RunFilter#find}): left out is the default, scheduled and manual runs; blank is no filter.
     *
     * @throws ErrorResponseException 400 naming the parameter and the valid values
     */
    public static RunFilter runFilter(String name, String text) {
        return (text != null && text.isBlank() ? java.util.Optional.<RunFilter>empty() : RunFilter.find(text))
                .orElseThrow(() -> ApiProblems.badRequest(name, RunFilter.unknown(text)));
    }

    private static long wholeNumber(String name, String text, long min, long max) {
        try {
            return StrictValues.wholeNumber(text, min, max);
        } catch (StrictValues.InvalidValueException e) {
            throw ApiProblems.badRequest(name, e.getMessage());
        }
    }
}
