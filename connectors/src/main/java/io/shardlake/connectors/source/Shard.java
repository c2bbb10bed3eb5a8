package io.shardlake.connectors.source;

import java.net.URI;
import java.util.Objects;

/**
 * One shard of a source connection: a read replica and the database on it.
 * {@link #host()} groups shards that live on the same server, so concurrency can be bounded per
 * replica host rather than per shard.
 */
public record Shard(String id, String jdbcUrl) {

    public Shard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** Never prints a password the URL may hold. */
    @Override
    public String toString() {
        return "Shard[" + id + ", " + JdbcUrls.redact(jdbcUrl) + "]";
    }

    /** host:port of the server for network URLs, else the whole URL (embedded databases). */
    public String host() {
        String rest = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl;
        try {
            URI uri = URI.create(rest);
            if (uri.getHost() != null) {
                return uri.getHost() + ":" + (uri.getPort() < 0 ? 3306 : uri.getPort());
            }
        } catch (IllegalArgumentException ignored) {
            // not a URI: fall through
        }
        return jdbcUrl;
    }
}
