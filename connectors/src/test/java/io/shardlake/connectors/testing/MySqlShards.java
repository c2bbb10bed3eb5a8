package io.shardlake.connectors.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * JUnit extension: N fresh MySQL-compatible databases standing in for shard replicas, one test class
 * long, on the server {@link MySqlServer} finds. Shards are {@code shard01..shardNN}; their databases
 * {@code sl_<class initials>_<random>_s01..sNN}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static MySqlShards shards = MySqlShards.create(12);
 * }</pre>
 */
public final class MySqlShards extends ClassScopedDatabases {

    private final List<String> shardIds;

    private MySqlShards(MySqlServer server, int count) {
        super(server, IntStream.rangeClosed(1, count).mapToObj(i -> String.format("_s%02d", i)).toList());
        this.shardIds = IntStream.rangeClosed(1, count).mapToObj(i -> String.format("shard%02d", i)).toList();
    }

    /** {@code count} shards on the shared server. */
    public static MySqlShards create(int count) {
        if (count < 1 || count > 99) {
            throw new IllegalArgumentException("Shard count must be 1..99: " + count);
        }
        return new MySqlShards(MySqlServer.shared(), count);
    }

    /** {@code count} shards on {@code server} (a {@link BinlogMariaDb}'s, say). */
    public static MySqlShards on(MySqlServer server, int count) {
        return new MySqlShards(server, count);
    }

    public int count() {
        return shardIds.size();
    }

    /** {@code shard01, shard02, ...}, in the order of {@link #jdbcUrls()}. */
    public List<String> shardIds() {
        return shardIds;
    }

    public List<String> jdbcUrls() {
        return IntStream.range(0, count()).mapToObj(this::jdbcUrl).toList();
    }

    public String jdbcUrl(String shardId) {
        return jdbcUrl(indexOf(shardId));
    }

    public DataSource dataSource(String shardId) {
        return dataSource(indexOf(shardId));
    }

    public Connection connection(String shardId) throws SQLException {
        return connection(indexOf(shardId));
    }

    public void execute(String shardId, String sql) throws SQLException {
        execute(indexOf(shardId), sql);
    }

    /** Runs one statement in every shard, in shard order. */
    public void executeOnAll(String sql) throws SQLException {
        for (int i = 0; i < count(); i++) {
            execute(i, sql);
        }
    }

    private int indexOf(String shardId) {
        int index = shardIds.indexOf(shardId);
        if (index < 0) {
            throw new IllegalArgumentException("No shard " + shardId + "; shards are " + shardIds);
        }
        return index;
    }
}
