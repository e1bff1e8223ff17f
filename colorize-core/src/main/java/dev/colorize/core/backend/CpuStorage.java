package dev.colorize.core.backend;

import java.util.Arrays;

/** Host memory: a plain float array, shared by every CPU kernel set (scalar reference and Vector API). */
public final class CpuStorage implements Storage {
    private final float[] data;
    private volatile long version;

    public CpuStorage(float[] data) {
        this.data = data;
    }

    public CpuStorage(int size) {
        this(new float[size]);
    }

    /**
     * The backing array (no copy). Kernels read and write it directly; code that changes an existing
     * tensor's values through it must call {@link #markModified()} afterwards.
     */
    public float[] data() {
        return data;
    }

    @Override
    public int size() {
        return data.length;
    }

    @Override
    public Backend backend() {
        return Backends.cpu();
    }

    @Override
    public float[] read(int offset, int n) {
        return Arrays.copyOfRange(data, offset, offset + n);
    }

    @Override
    public void write(int offset, float[] src) {
        System.arraycopy(src, 0, data, offset, src.length);
        markModified();
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    // Writers of one storage are not concurrent (an optimizer step, a state-dict load), so ++ suffices.
    public void markModified() {
        version++;
    }
}
