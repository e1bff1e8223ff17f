package dev.colorize.opencl;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Storage;
import org.jocl.cl_mem;

import java.lang.ref.Cleaner;
import java.util.Arrays;

/**
 * Float memory of an OpenCL device, owned by the tensors that view it. Transfers are lazy: a storage
 * made from host data keeps that array until the first kernel touches it (so creating a tensor and
 * reading it back never crosses the bus); from then on the device buffer is the only copy and reads
 * and writes go through the queue. The buffer returns to the pool when the storage is collected.
 */
final class ClStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OpenClBackend backend;
    private final int size;
    private final Handle handle;
    /** Host data not yet uploaded; null once the device buffer holds the values. */
    private float[] pending;

    /** The buffer reference the cleaner releases; it must not reach the storage itself. */
    private static final class Handle implements Runnable {
        private final ClMemoryPool pool;
        private final int size;
        private volatile cl_mem mem;

        Handle(ClMemoryPool pool, int size) {
            this.pool = pool;
            this.size = size;
        }

        @Override
        public void run() {
            cl_mem m = mem;
            mem = null;
            if (m != null) {
                pool.release(m, size);
            }
        }
    }

    private ClStorage(OpenClBackend backend, int size, float[] pending) {
        this.backend = backend;
        this.size = size;
        this.pending = pending;
        this.handle = new Handle(backend.pool(), size);
        CLEANER.register(this, handle);
    }

    /** Zero-filled device memory. */
    static ClStorage allocate(OpenClBackend backend, int size) {
        ClStorage s = new ClStorage(backend, size, null);
        if (size > 0) {
            s.handle.mem = backend.pool().acquire(size);
            backend.cl().fillZero(s.handle.mem, size);
        }
        return s;
    }

    /** Host data, uploaded on first device use. The array is kept, not copied: callers hand over a private copy. */
    static ClStorage fromHost(OpenClBackend backend, float[] data) {
        return new ClStorage(backend, data.length, data);
    }

    /** The device buffer, uploading pending host data first. */
    synchronized cl_mem mem() {
        if (handle.mem == null && size > 0) {
            handle.mem = backend.pool().acquire(size);
            if (pending != null) {
                backend.cl().write(handle.mem, 0, pending);
            }
        }
        pending = null;
        return handle.mem;
    }

    /** Uploads now rather than on first use (explicit transfer). */
    void upload() {
        mem();
    }

    /** True while the values still live only in host memory. */
    synchronized boolean isHostOnly() {
        return pending != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public synchronized float[] read(int offset, int n) {
        check(offset, n, "read");
        if (pending != null) {
            return Arrays.copyOfRange(pending, offset, offset + n);
        }
        return backend.cl().read(mem(), offset, n);
    }

    @Override
    public synchronized void write(int offset, float[] src) {
        check(offset, src.length, "write");
        if (pending != null) {
            System.arraycopy(src, 0, pending, offset, src.length);
            return;
        }
        backend.cl().write(mem(), offset, src);
    }

    private void check(int offset, int n, String what) {
        if (offset < 0 || n < 0 || offset + n > size) {
            throw new IndexOutOfBoundsException("opencl storage " + what + " of " + n + " floats at " + offset
                    + " outside a storage of " + size);
        }
    }
}
