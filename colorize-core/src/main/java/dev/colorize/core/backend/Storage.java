package dev.colorize.core.backend;

/**
 * Flat float32 memory that tensors view through shape, strides and offset.
 * A storage belongs to one backend family (all CPU kernel sets share {@link CpuStorage}).
 */
public interface Storage {
    /** Number of float elements. */
    int size();

    /** The backend whose kernels operate on this storage. */
    Backend backend();

    /** Copies {@code n} elements starting at {@code offset} to a new host array. */
    float[] read(int offset, int n);

    /** Overwrites {@code src.length} elements starting at {@code offset} from host memory. */
    void write(int offset, float[] src);

    /**
     * A counter that in-place writers bump ({@link #markModified()}) whenever they change the
     * contents of an existing storage (not when a kernel fills a freshly allocated output). Kernels
     * use it to cache data derived from weights (packed GEMM panels) and notice when it is stale.
     * Storages that do not track writes return a constant and never allow such caching.
     */
    default long version() {
        return -1;
    }

    /** Records an in-place write (see {@link #version()}); writers that bypass {@link #write} must call it. */
    default void markModified() {
    }
}
