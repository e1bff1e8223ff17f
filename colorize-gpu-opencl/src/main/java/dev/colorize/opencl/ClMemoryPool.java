package dev.colorize.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Device buffers recycled by size class. A storage takes a buffer with {@link #acquire} and gives it
 * back with {@link #release} when it becomes unreachable (a {@link java.lang.ref.Cleaner} action of
 * {@link ClStorage}); on the in-order queue a recycled buffer is only touched after every command
 * that used it before. Sizes round up to 4 steps per power of two, so at most 25 % is wasted.
 *
 * <p>When the device is full, the pool frees its idle buffers, asks the JVM to collect garbage so
 * that unreachable tensors hand theirs back, and retries once before throwing
 * {@link OpenClOutOfMemoryException} naming the requested size.
 */
final class ClMemoryPool {
    /** Idle memory kept for reuse, beyond which released buffers are freed at once. */
    private final long maxIdleBytes;
    private final long maxAllocBytes;
    private final ClContext cl;
    private final Map<Integer, ArrayDeque<cl_mem>> idle = new HashMap<>();
    private long idleBytes;
    private long liveBytes;

    ClMemoryPool(ClContext cl) {
        this(cl, cl.device.maxAllocBytes());
    }

    /**
     * A pool that refuses single buffers over {@code maxAllocBytes} (the device's own limit, or a lower
     * one: a device whose limit is 8 GiB or more cannot be made to refuse an int-sized request).
     */
    ClMemoryPool(ClContext cl, long maxAllocBytes) {
        this.cl = cl;
        this.maxAllocBytes = Math.min(maxAllocBytes, cl.device.maxAllocBytes());
        this.maxIdleBytes = Math.max(64L << 20, cl.device.globalMemBytes() / 4);
    }

    /** A buffer of {@link #sizeClass}({@code floats}) floats, for {@code floats} > 0. */
    cl_mem acquire(int floats) {
        int cls = sizeClass(floats);
        long bytes = (long) cls * Sizeof.cl_float;
        if (bytes > maxAllocBytes) {
            throw outOfMemory(floats, "larger than the device's largest single allocation of " + mib(maxAllocBytes));
        }
        synchronized (this) {
            ArrayDeque<cl_mem> free = idle.get(cls);
            if (free != null && !free.isEmpty()) {
                idleBytes -= bytes;
                liveBytes += bytes;
                return free.pop();
            }
        }
        cl_mem mem = create(bytes);
        if (mem == null) {
            trim();
            System.gc();
            sleepBriefly();
            trim();
            mem = create(bytes);
        }
        if (mem == null) {
            throw outOfMemory(floats, "device memory exhausted");
        }
        synchronized (this) {
            liveBytes += bytes;
        }
        return mem;
    }

    /** Returns a buffer of {@code floats} requested floats; called from the cleaner thread. */
    void release(cl_mem mem, int floats) {
        int cls = sizeClass(floats);
        long bytes = (long) cls * Sizeof.cl_float;
        synchronized (this) {
            liveBytes -= bytes;
            if (idleBytes + bytes <= maxIdleBytes) {
                idle.computeIfAbsent(cls, k -> new ArrayDeque<>()).push(mem);
                idleBytes += bytes;
                return;
            }
        }
        CL.clReleaseMemObject(mem);
    }

    /** Frees every idle buffer. */
    synchronized void trim() {
        for (ArrayDeque<cl_mem> free : idle.values()) {
            for (cl_mem m : free) {
                CL.clReleaseMemObject(m);
            }
        }
        idle.clear();
        idleBytes = 0;
    }

    synchronized long liveBytes() {
        return liveBytes;
    }

    synchronized long idleBytes() {
        return idleBytes;
    }

    /** Rounds up to 4 steps per power of two (min 64 floats). */
    static int sizeClass(int floats) {
        if (floats <= 64) {
            return 64;
        }
        int high = Integer.highestOneBit(floats - 1);
        int step = Math.max(high / 4, 1);
        long rounded = ((long) floats + step - 1) / step * step;
        return (int) Math.min(rounded, Integer.MAX_VALUE);
    }

    private cl_mem create(long bytes) {
        synchronized (this) {
            if (liveBytes + idleBytes + bytes > cl.device.globalMemBytes()) {
                return null;
            }
        }
        try {
            return CL.clCreateBuffer(cl.context, CL.CL_MEM_READ_WRITE, bytes, null, null);
        } catch (CLException e) {
            if (e.getStatus() == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL.CL_OUT_OF_RESOURCES
                    || e.getStatus() == CL.CL_OUT_OF_HOST_MEMORY || e.getStatus() == CL.CL_INVALID_BUFFER_SIZE) {
                return null;
            }
            throw e;
        }
    }

    private OpenClOutOfMemoryException outOfMemory(int floats, String why) {
        return new OpenClOutOfMemoryException(String.format(Locale.ROOT,
                "opencl: cannot allocate %d floats (%s) on %s: %s; %s held by live tensors, %s of device memory",
                floats, mib((long) floats * Sizeof.cl_float), cl.device.name(), why, mib(liveBytes()),
                mib(cl.device.globalMemBytes())));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
