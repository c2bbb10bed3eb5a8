package io.shardlake.connectors.redshift;

import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the rows a Redshift table cannot hold, so they are quarantined before they are written:
 * a {@code string} or {@code json} value longer than {@link Redshift#MAX_VARCHAR} bytes in UTF-8
 * ({@code VARCHAR(65535)} counts bytes, not characters: 21,846 three-byte characters already do not
 * fit). One such value fails the whole COPY, and since the sink loads the run's files again until it
 * succeeds, every later run would fail on the same row: the pipeline would be stuck.
 *
 * <p>The sink loads the lake's own files, so a row kept out of Redshift is kept out of the lake too:
 * both hold the same rows.
 */
public final class RedshiftRowLimit {

    private final int[] textPositions;
    private final String[] textNames;

    private RedshiftRowLimit(int[] textPositions, String[] textNames) {
        this.textPositions = textPositions;
        this.textNames = textNames;
    }

    /** The limit for rows of {@code schema}: its string and json columns are checked. */
    public static RedshiftRowLimit of(RowSchema schema) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if (schema.column(i).type().isTextual()) {
                positions.add(i);
            }
        }
        return new RedshiftRowLimit(positions.stream().mapToInt(Integer::intValue).toArray(),
                positions.stream().map(i -> schema.column(i).name()).toArray(String[]::new));
    }

    /** Why Redshift cannot hold {@code row} (naming the column and its size), or null when it can. */
    public String refusal(Object[] row) {
        for (int i = 0; i < textPositions.length; i++) {
            long bytes = utf8Length(row[textPositions[i]]);
            if (bytes > Redshift.MAX_VARCHAR) {
                return String.format(Locale.ROOT, "column %s: %,d bytes in UTF-8, over Redshift's VARCHAR(%d) limit of %,d bytes;"
                        + " the pipeline loads Redshift, so the row is kept out of the lake and Redshift alike",
                        textNames[i], bytes, Redshift.MAX_VARCHAR, Redshift.MAX_VARCHAR);
            }
        }
        return null;
    }

    /** The UTF-8 length of a text value as the transform hands it over ({@link Utf8} or String); 0 for null. */
    static long utf8Length(Object value) {
        if (value instanceof Utf8 u) {
            return u.bytes().length;
        }
        if (value instanceof CharSequence s) {
            return utf8Length(s);
        }
        return 0;
    }

    private static long utf8Length(CharSequence s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4; // a supplementary character, such as an emoji: one code point, four bytes
                i++;
            } else {
                bytes += 3; // a lone surrogate too, which Java encodes as a 1-byte '?': the count errs on the safe side
            }
        }
        return bytes;
    }
}
