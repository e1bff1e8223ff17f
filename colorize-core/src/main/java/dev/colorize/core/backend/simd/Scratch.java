package dev.colorize.core.backend.simd;

/**
 * Per-thread buffers reused across kernel calls (grow only), so the hot loops never allocate:
 * packed A and B blocks and the edge tile of the micro-kernel.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<float[][]> CALLER = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<float[][]> PHASES = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<float[][]> PACK = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<float[][]> WINOGRAD = ThreadLocal.withInitial(() -> new float[2][0]);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] transposed = new float[0];
    private float[] piece = new float[0];
    private float[] winogradTile = new float[0];
    final float[] tile = new float[Sgemm.MR * Sgemm.NR];

    private Scratch() {
    }

    static Scratch get() {
        return LOCAL.get();
    }

    float[] packedA(int n) {
        if (packedA.length < n) {
            packedA = new float[n];
        }
        return packedA;
    }

    float[] packedB(int n) {
        if (packedB.length < n) {
            packedB = new float[n];
        }
        return packedB;
    }

    /** A block piece packed by {@link BatchedK} before it is moved into place. */
    float[] piece(int n) {
        if (piece.length < n) {
            piece = new float[n];
        }
        return piece;
    }

    /** The row transforms of one plane's tiles ({@link WinogradConv}). */
    float[] winogradTile(int n) {
        if (winogradTile.length < n) {
            winogradTile = new float[n];
        }
        return winogradTile;
    }

    /** The transposed product of a narrow GEMM ({@link Sgemm}). */
    float[] transposed(int n) {
        if (transposed.length < n) {
            transposed = new float[n];
        }
        return transposed;
    }

    /**
     * The calling thread's buffer for weights packed for one kernel call only (see {@link PackCache});
     * valid until the thread's next kernel call. Contents are undefined.
     */
    static float[] transientPack(int n) {
        float[][] holder = PACK.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    /**
     * The calling thread's buffer for a rearranged copy of a convolution's input or output planes (the
     * even/odd column split of {@link PhaseIm2col}, the zero-padded planes of {@link NarrowConv}), used by
     * the pool threads during one kernel call. Contents are undefined.
     */
    static float[] inputCopy(long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("convolution: a rearranged copy of the input needs " + n
                    + " floats, over the 2^31 limit of one buffer; use a smaller batch");
        }
        float[][] holder = PHASES.get();
        if (holder[0].length < n) {
            holder[0] = new float[(int) n];
        }
        return holder[0];
    }

    /**
     * A buffer of at least {@code n} floats owned by the calling thread, for data that several pool
     * threads fill during one kernel call (the column matrix of a transposed convolution).
     * Contents are undefined.
     */
    static float[] callerBuffer(int n) {
        float[][] holder = CALLER.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    /**
     * One of the calling thread's two {@link WinogradConv} buffers (0: transformed weights or the
     * weight gradient's sums; 1: one chunk's transformed inputs and products), filled by the pool
     * threads during one kernel call. Contents are undefined.
     */
    static float[] winograd(int slot, long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("convolution: Winograd buffer of " + n + " floats is over the 2^31 limit");
        }
        float[][] holder = WINOGRAD.get();
        if (holder[slot].length < n) {
            holder[slot] = new float[(int) n];
        }
        return holder[slot];
    }
}
