package io.shardlake.engine.metadata;

import io.shardlake.engine.run.HostSlots;
import io.shardlake.engine.run.RunLane;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link HostSlots} in V16's {@code host_slot}; portable SQL only. The primary key is the lock: a
 * free slot is taken by an INSERT only one node can win, an expired one by an UPDATE conditioned on
 * its expiry. No statement waits for another, and none holds a row lock past its own end. The
 * holder's heartbeat renews its slots in {@link JdbcRunQueue#renewLeases}.
 */
public final class JdbcHostSlots implements HostSlots {

    /** A slot statement that takes longer than this is answered "no slot"; the read waits and asks again. */
    private static final int QUERY_TIMEOUT_SECONDS = 5;
    private static final int MAX_KEY = 255;

    private final JdbcTemplate jdbc;

    public JdbcHostSlots(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    }

    /** The host as stored: host:port, or a digest of an embedded database's long URL. */
    static String key(String host) {
        if (host.length() <= MAX_KEY) {
            return host;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Integer> tryTake(String host, int[] slotOrder, Holder holder, Instant now, Instant leaseUntil) {
        String key = key(host);
        Map<Integer, Long> held = new HashMap<>();
        jdbc.query("SELECT slot_no, lease_until FROM host_slot WHERE host_key = ?", rs -> {
            held.put(rs.getInt(1), rs.getLong(2));
        }, key);
        for (int slot : slotOrder) {
            Long until = held.get(slot);
            if (until == null) {
                try {
                    jdbc.update("INSERT INTO host_slot (host_key, slot_no, holder, run_id, pipeline, shard, lane, acquired_at, lease_until)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", key, slot, holder.node(), holder.runId(), holder.pipeline(),
                            holder.shard(), holder.lane().name(), now.toEpochMilli(), leaseUntil.toEpochMilli());
                    return Optional.of(slot);
                } catch (DataIntegrityViolationException e) {
                    continue; // another node took it since the read
                }
            }
            if (until < now.toEpochMilli() && jdbc.update("UPDATE host_slot SET holder = ?, run_id = ?, pipeline = ?, shard = ?, lane = ?,"
                            + " acquired_at = ?, lease_until = ? WHERE host_key = ? AND slot_no = ? AND lease_until < ?", holder.node(),
                    holder.runId(), holder.pipeline(), holder.shard(), holder.lane().name(), now.toEpochMilli(), leaseUntil.toEpochMilli(),
                    key, slot, now.toEpochMilli()) == 1) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    @Override
    public void release(String host, int slotNo, Holder holder) {
        jdbc.update("DELETE FROM host_slot WHERE host_key = ? AND slot_no = ? AND holder = ? AND run_id = ? AND shard = ?", key(host), slotNo,
                holder.node(), holder.runId(), holder.shard());
    }

    @Override
    public List<Slot> slots(String host) {
        return jdbc.query("SELECT slot_no, holder, run_id, pipeline, shard, lane, lease_until FROM host_slot WHERE host_key = ?"
                        + " ORDER BY slot_no", (rs, n) -> new Slot(host, rs.getInt(1), new Holder(rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), RunLane.valueOf(rs.getString(6))), Instant.ofEpochMilli(rs.getLong(7))),
                key(host));
    }
}
