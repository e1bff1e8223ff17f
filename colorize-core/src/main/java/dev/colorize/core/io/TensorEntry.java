package dev.colorize.core.io;

import dev.colorize.core.tensor.Shapes;
import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * One tensor of a safetensors file on the host: dtype, shape and row-major data, as floats (F32,
 * F16 widened) or longs (I64). Rank 0 has shape {@code []} and one element.
 */
public final class TensorEntry {
    private final DType dtype;
    private final int[] shape;
    private final float[] floats;
    private final long[] longs;

    private TensorEntry(DType dtype, int[] shape, float[] floats, long[] longs) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        int n = Shapes.numel(shape);
        int have = floats != null ? floats.length : longs.length;
        if (n != have) {
            throw new IllegalArgumentException("tensor entry: " + have + " values for shape " + Arrays.toString(shape));
        }
    }

    /** A float32 entry (the array is not copied). */
    public static TensorEntry ofFloats(float[] data, int... shape) {
        return new TensorEntry(DType.F32, shape, data, null);
    }

    /** An I64 entry, e.g. class targets or {@code num_batches_tracked} (the array is not copied). */
    public static TensorEntry ofLongs(long[] data, int... shape) {
        return new TensorEntry(DType.I64, shape, null, data);
    }

    /** A float32 entry holding a copy of the tensor's values. */
    public static TensorEntry of(Tensor t) {
        return ofFloats(t.toArray(), t.shape());
    }

    /** Read from a file whose stored dtype was {@code dtype} (F16 data already widened). */
    static TensorEntry read(DType dtype, int[] shape, float[] floats, long[] longs) {
        return new TensorEntry(dtype, shape, floats, longs);
    }

    /** The dtype stored in the file (F16 entries hold their values widened to float). */
    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int numel() {
        return floats != null ? floats.length : longs.length;
    }

    /** The values of an F32 or F16 entry (no copy). */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor entry is " + dtype + ", not a float type; use longs()");
        }
        return floats;
    }

    /** The values of an I64 entry (no copy). */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("tensor entry is " + dtype + ", not I64; use floats()");
        }
        return longs;
    }

    /**
     * A new float32 tensor with these values; I64 values are converted and must be exactly
     * representable (|v| <= 2^24).
     */
    public Tensor toTensor() {
        if (floats != null) {
            return Tensor.of(floats, shape);
        }
        float[] f = new float[longs.length];
        for (int i = 0; i < f.length; i++) {
            if (Math.abs(longs[i]) > (1L << 24)) {
                throw new IllegalStateException("I64 value " + longs[i] + " is not exactly representable as float32");
            }
            f[i] = longs[i];
        }
        return Tensor.of(f, shape);
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
