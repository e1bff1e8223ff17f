package dev.colorize.core.backend;

import java.util.Arrays;

/** Host memory: a plain float array, shared by every CPU kernel set (scalar reference and Vector API). */
public final class CpuStorage implements Storage {
    private final float[] data;

    public CpuStorage(float[] data) {
        this.data = data;
    }

    public CpuStorage(int size) {
        this(new float[size]);
    }

    /** The backing array (no copy). Kernels read and write it directly. */
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
    }
}
