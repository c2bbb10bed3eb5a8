package io.shardlake.app.config;

import io.shardlake.engine.current.CurrentSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Current-state tables of the pipelines with {@code target.current: true} ({@code shardlake.current.*});
 * see README "Current-state tables". The defaults are {@link CurrentSettings}'s.
 *
 * @param bucketRows   rows a bucket file holds before it is split; each key a run changes costs
 *                     rewriting the bucket it is in
 * @param lease        how long one update may hold a table before another node takes it over
 * @param retiredGrace how long a replaced file stays for queries that started before the switch
 */
@ConfigurationProperties("shardlake.current")
public record CurrentProperties(Integer bucketRows, Duration lease, Duration retiredGrace) {

    public CurrentProperties {
        bucketRows = bucketRows == null ? CurrentSettings.DEFAULT_BUCKET_ROWS : bucketRows;
        lease = lease == null ? CurrentSettings.DEFAULT_LEASE : lease;
        retiredGrace = retiredGrace == null ? CurrentSettings.DEFAULT_RETIRED_GRACE : retiredGrace;
        settings(bucketRows, lease, retiredGrace); // refuses bad values at start-up
    }

    public CurrentSettings settings() {
        return settings(bucketRows, lease, retiredGrace);
    }

    private static CurrentSettings settings(int bucketRows, Duration lease, Duration retiredGrace) {
        return new CurrentSettings(bucketRows, lease, retiredGrace);
    }
}
