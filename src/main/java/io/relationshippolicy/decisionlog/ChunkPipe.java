package io.relationshippolicy.decisionlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe from a producer thread to the HTTP response: at most {@code capacity} chunks wait, so an
 * export of any size holds a few hundred kilobytes, and a slow reader slows the producer down. When the
 * reader goes away (client disconnected), the producer's next write fails and it stops.
 */
final class ChunkPipe extends InputStream {

    private static final byte[] END = new byte[0];
    private static final int CHUNK = 64 * 1024;

    private final BlockingQueue<byte[]> chunks;
    private volatile boolean closed;
    private volatile Exception failure;
    private byte[] current;
    private int position;

    ChunkPipe(int capacity) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
    }

    // ------------------------------------------------------------------ reader side

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            if (current == END) {
                return endOrFailure();
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while streaming the export", e);
            }
            position = 0;
            if (current == END) {
                return endOrFailure();
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    private int endOrFailure() throws IOException {
        if (failure != null) {
            // abort the transfer rather than end it cleanly: the client must not take a partial export for a whole one
            throw new IOException("the export failed part way: " + failure.getMessage(), failure);
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        chunks.clear();
    }

    // ------------------------------------------------------------------ producer side

    /** The stream the producer writes to; closing it ends the export. */
    OutputStream writer() {
        return new OutputStream() {
            private final byte[] buffer = new byte[CHUNK];
            private int size;

            @Override
            public void write(int b) throws IOException {
                if (size == buffer.length) {
                    flush();
                }
                buffer[size++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (size == buffer.length) {
                        flush();
                    }
                    int n = Math.min(len, buffer.length - size);
                    System.arraycopy(b, off, buffer, size, n);
                    size += n;
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void flush() throws IOException {
                if (size > 0) {
                    byte[] chunk = new byte[size];
                    System.arraycopy(buffer, 0, chunk, 0, size);
                    put(chunk);
                    size = 0;
                }
            }

            @Override
            public void close() throws IOException {
                flush();
                put(END);
            }
        };
    }

    /** Ends the stream with an error the reader will see. */
    void fail(Exception e) {
        failure = e;
        try {
            put(END);
        } catch (IOException readerGone) {
            // nobody is reading any more
        }
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new IOException("the client stopped reading the export");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (closed) {
            throw new IOException("the client stopped reading the export");
        }
    }
}
