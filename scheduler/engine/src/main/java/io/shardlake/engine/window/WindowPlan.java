package io.shardlake.engine.window;

import io.shardlake.connectors.source.ExtractWindow;
import java.time.LocalDateTime;

/**
 * The outcome of planning one shard's extract: a window to read, or the reason there is none.
 *
 * @param window             the rows to read, or null when nothing may be read now
 * @param previousWatermark  the committed watermark the window continues from (null: first run);
 *                           rows below it may have been loaded already and are checked against
 *                           the tail digest
 * @param reason             why there is no window ({@code window == null})
 * @param blocked            true when the shard must not be read (replication stopped): a
 *                           failure to report, not merely "nothing new yet"
 */
public record WindowPlan(ExtractWindow window, LocalDateTime previousWatermark, String reason, boolean blocked) {

    /** A fixed window read whole, with nothing skipped (a backfill chunk). */
    public static WindowPlan fixed(ExtractWindow window) {
        return new WindowPlan(window, null, null, false);
    }

    static WindowPlan read(ExtractWindow window, LocalDateTime previousWatermark) {
        return new WindowPlan(window, previousWatermark, null, false);
    }

    static WindowPlan nothingNew(LocalDateTime previousWatermark, String reason) {
        return new WindowPlan(null, previousWatermark, reason, false);
    }

    static WindowPlan blocked(LocalDateTime previousWatermark, String reason) {
        return new WindowPlan(null, previousWatermark, reason, true);
    }
}
