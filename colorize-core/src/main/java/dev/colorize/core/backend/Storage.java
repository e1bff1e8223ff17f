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
}
