package dev.colorize.core.backend.simd;

/**
 * A whole GEMM operand packed once, in exactly the order {@link Sgemm} walks it, so a product can
 * stream its panels straight from here instead of re-packing them on every call and in every
 * thread. Layout for {@code outer} indices, reduction length {@code k} and panel width {@code w}
 * (outer padded to {@code paddedOuter}, a multiple of w): the {@link Sgemm#KC} block starting at
 * {@code p0} begins at {@code p0 * paddedOuter}; inside it, panel {@code q} (outer indices
 * {@code q*w ..}) begins at {@code q * w * kc} and holds element (o, p) at {@code (p - p0) * w + o % w}
 * &mdash; the layout {@link Operand#pack} writes for one block.
 */
final class PackedOperand implements Operand {
    private final Operand source;
    private final int outer;
    private final int k;
    private final int width;
    private final int paddedOuter;
    private final float[] data;

    private PackedOperand(Operand source, int outer, int k, int width, float[] data) {
        this.source = source;
        this.outer = outer;
        this.k = k;
        this.width = width;
        this.paddedOuter = Sgemm.ceilDiv(outer, width) * width;
        this.data = data;
    }

    /** Floats needed to hold an operand of this size packed with this panel width. */
    static int size(int outer, int k, int width) {
        return Sgemm.ceilDiv(outer, width) * width * k;
    }

    /**
     * Packs {@code source} into {@code into} (at least {@link #size} floats, reused when the
     * weights change) on the pool, split by KC block and by bands of panels.
     */
    static PackedOperand pack(Operand source, int outer, int k, int width, float[] into) {
        PackedOperand p = new PackedOperand(source, outer, k, width, into);
        int blocks = Sgemm.ceilDiv(k, Sgemm.KC);
        int panels = Sgemm.ceilDiv(outer, width);
        int bands = Math.max(1, Math.min(panels, 2 * Parallel.threads() / Math.max(1, blocks) + 1));
        Parallel.forEach(blocks * bands, t -> {
            int block = t / bands, band = t % bands;
            int p0 = block * Sgemm.KC;
            int kc = Math.min(Sgemm.KC, k - p0);
            int q0 = (int) ((long) panels * band / bands);
            int q1 = (int) ((long) panels * (band + 1) / bands);
            if (q1 <= q0) {
                return;
            }
            int o0 = q0 * width;
            int count = Math.min(outer, q1 * width) - o0;
            float[] dst = p.data;
            int at = p0 * p.paddedOuter + q0 * width * kc;
            if (at == 0) {
                source.pack(dst, o0, count, p0, kc, width);
            } else {
                float[] tmp = Scratch.get().packedB(Sgemm.ceilDiv(count, width) * width * kc);
                source.pack(tmp, o0, count, p0, kc, width);
                System.arraycopy(tmp, 0, dst, at, Sgemm.ceilDiv(count, width) * width * kc);
            }
        });
        return p;
    }

    int outer() {
        return outer;
    }

    int k() {
        return k;
    }

    int width() {
        return width;
    }

    float[] data() {
        return data;
    }

    @Override
    public float[] packedArray(int w) {
        return w == width ? data : null;
    }

    @Override
    public int packedOffset(int o0, int p0, int kc, int w) {
        if (w != width || o0 % width != 0 || p0 % Sgemm.KC != 0 || kc != Math.min(Sgemm.KC, k - p0)) {
            throw new IllegalStateException("packed operand " + outer + "x" + k + " (width " + width
                    + ") asked for a block at outer " + o0 + ", k " + p0 + "+" + kc + " with width " + w);
        }
        return p0 * paddedOuter + o0 * kc;
    }

    @Override
    public void pack(float[] dst, int o0, int count, int p0, int kc, int w) {
        source.pack(dst, o0, count, p0, kc, w);
    }
}
