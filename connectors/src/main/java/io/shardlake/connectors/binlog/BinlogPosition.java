package io.shardlake.connectors.binlog;

import java.util.Objects;

/**
 * Where a shard's binlog was read up to: always at a transaction boundary. {@code file} and
 * {@code offset} name the spot on the server that wrote them; {@code gtid} (MariaDB
 * {@code domain-server-seq} per domain, comma separated, or a MySQL GTID set) names the same spot
 * on any server of the replication topology, so a follower moved to another replica resumes there.
 *
 * @param serverId the {@code @@server_id} of the server whose file and offset these are
 */
public record BinlogPosition(String file, long offset, String gtid, long serverId) {

    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        gtid = gtid == null || gtid.isBlank() ? null : gtid;
    }

    /** {@code binlog.000003:1234;gtid=0-1-57;server=1}, what the metadata database stores. */
    public String format() {
        return file + ":" + offset + (gtid == null ? "" : ";gtid=" + gtid) + ";server=" + serverId;
    }

    public static BinlogPosition parse(String text) {
        String[] parts = text.split(";");
        int colon = parts[0].lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a binlog position: " + text);
        }
        String gtid = null;
        long server = 0;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith("gtid=")) {
                gtid = parts[i].substring(5);
            } else if (parts[i].startsWith("server=")) {
                server = Long.parseLong(parts[i].substring(7));
            }
        }
        return new BinlogPosition(parts[0].substring(0, colon), Long.parseLong(parts[0].substring(colon + 1)), gtid, server);
    }

    /** Whether this spot is at or after {@code other}'s in the same server's files. */
    public boolean atOrAfter(String otherFile, long otherOffset) {
        int files = file.compareTo(otherFile);
        return files > 0 || files == 0 && offset >= otherOffset;
    }

    @Override
    public String toString() {
        return format();
    }
}
