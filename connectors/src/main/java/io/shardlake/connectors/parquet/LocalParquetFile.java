package io.shardlake.connectors.parquet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} on a local path, without Hadoop's file system. It refuses to
 * replace an existing file, remembers whether it created its file (so an abort deletes only what
 * we made) and can close its stream without parquet-java writing a footer.
 */
final class LocalParquetFile implements OutputFile {

    // Row groups arrive in large writes; the buffer only batches page headers and the footer.
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private Stream stream;

    LocalParquetFile(Path path) {
        this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private PositionOutputStream open(StandardOpenOption... options) throws IOException {
        if (stream != null) {
            throw new IllegalStateException(path + " is already open");
        }
        stream = new Stream(Files.newOutputStream(path, options));
        return stream;
    }

    @Override
    public boolean supportsBlockSize() {
        return false; // no HDFS blocks, so parquet-java adds no alignment padding
    }

    @Override
    public long defaultBlockSize() {
        return -1;
    }

    @Override
    public String getPath() {
        return path.toString();
    }

    Path path() {
        return path;
    }

    /** Whether this object created the file on disk. */
    boolean created() {
        return stream != null;
    }

    /** Closes the stream if open, ignoring errors: for aborts, where the file is deleted next. */
    void closeQuietly() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is being discarded
            }
        }
    }

    private static final class Stream extends PositionOutputStream {
        private final OutputStream out;
        private long position;
        private boolean closed;

        Stream(OutputStream file) {
            this.out = new BufferedOutputStream(file, BUFFER_BYTES);
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
        }
    }
}
