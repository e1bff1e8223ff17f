package dev.colorize.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads from a file or from an in-memory image, so that one safetensors parser (with
 * one set of checks and messages) serves both.
 */
interface ByteSource {
    /** Total bytes available. */
    long size() throws IOException;

    /** Reads up to {@code dst.remaining()} bytes starting at {@code position}; -1 at or past the end. */
    int read(ByteBuffer dst, long position) throws IOException;

    static ByteSource of(FileChannel ch) {
        return new ByteSource() {
            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return ch.read(dst, position);
            }
        };
    }

    /** A view of {@code bytes} (not copied). */
    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(ByteBuffer dst, long position) {
                if (position >= bytes.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), bytes.length - position);
                dst.put(bytes, (int) position, n);
                return n;
            }
        };
    }
}
