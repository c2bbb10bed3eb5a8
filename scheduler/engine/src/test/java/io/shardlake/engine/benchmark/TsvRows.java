package io.shardlake.engine.benchmark;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Generated orders (columns as {@link BenchDataset#ORDER_COLUMNS}) as the tab-separated text
 * {@code LOAD DATA} reads by default (fields by tab, lines by newline, {@code \N} for NULL,
 * backslash escapes), produced on demand so no file is written and memory stays small.
 */
final class TsvRows extends InputStream {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final OrderGenerator rows;
    private long remaining;
    private final StringBuilder line = new StringBuilder(512);
    private byte[] buffer = new byte[0];
    private int position;

    /** At most {@code limit} rows of {@code rows}, then end of stream. */
    TsvRows(OrderGenerator rows, long limit) {
        this.rows = rows;
        this.remaining = limit;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && fill()) {
            int chunk = Math.min(len - n, buffer.length - position);
            System.arraycopy(buffer, position, b, off + n, chunk);
            position += chunk;
            n += chunk;
        }
        return n == 0 ? -1 : n;
    }

    private boolean fill() {
        if (position < buffer.length) {
            return true;
        }
        if (remaining == 0 || !rows.hasNext()) {
            return false;
        }
        remaining--;
        line.setLength(0);
        append(rows.next());
        buffer = line.toString().getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }

    private void append(OrderGenerator.Order o) {
        field(Long.toString(o.id()), false);
        field(Long.toString(o.customerId()), false);
        field(o.status(), false);
        field(o.amount(), false);
        field(o.currency(), false);
        field(o.note(), false);
        field(o.payload(), false);
        field(timestamp(o.createdAt()), false);
        field(timestamp(o.updatedAt()), true);
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS}, the text form the server parses for DATETIME(3). */
    static String timestamp(LocalDateTime t) {
        return MILLIS.format(t);
    }

    private void field(String value, boolean last) {
        if (value == null) {
            line.append("\\N");
        } else {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> line.append("\\\\");
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    default -> line.append(c);
                }
            }
        }
        line.append(last ? '\n' : '\t');
    }
}
