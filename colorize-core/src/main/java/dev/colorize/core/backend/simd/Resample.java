package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Strided;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Upsampling by integer factors and its adjoint, parallel over (n, c) planes. Bilinear is done
 * separably with the reference's arithmetic order: each source row is interpolated horizontally
 * once, then output rows are vector blends of two such rows. Index rules are PyTorch's
 * (nearest: floor(dst / s); bilinear: align_corners=false), the same as the scalar reference.
 */
final class Resample {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ThreadLocal<float[]> ROWS = ThreadLocal.withInitial(() -> new float[0]);

    private Resample() {
    }

    /** Source taps of one axis: {@code i0, i1} and the weight {@code lambda} of {@code i1}. */
    private record Taps(int[] i0, int[] i1, float[] lambda) {
        static Taps of(int size, int scale, boolean bilinear) {
            int n = size * scale;
            int[] i0 = new int[n], i1 = new int[n];
            float[] lambda = new float[n];
            float inv = 1f / scale;
            for (int d = 0; d < n; d++) {
                if (!bilinear) {
                    i0[d] = Math.min((int) Math.floor(d * inv), size - 1);
                    i1[d] = i0[d];
                    continue;
                }
                float src = Math.max(inv * (d + 0.5f) - 0.5f, 0f);
                int lo = Math.min((int) src, size - 1);
                i0[d] = lo;
                i1[d] = Math.min(lo + 1, size - 1);
                lambda[d] = src - lo;
            }
            return new Taps(i0, i1, lambda);
        }
    }

    static void upsample(Tensor x, Tensor out, int sh, int sw, boolean bilinear) {
        int[] xs = x.shape();
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3], oh = h * sh, ow = w * sw;
        float[] in = Strided.dense(x);
        float[] o = Strided.data(out);
        int oBase = out.offset();
        Taps ty = Taps.of(h, sh, bilinear), tx = Taps.of(w, sw, bilinear);
        int tasks = Math.min(planes, Parallel.threads() * 4);
        Parallel.forEach(tasks, t -> {
            int p0 = (int) ((long) planes * t / tasks), p1 = (int) ((long) planes * (t + 1) / tasks);
            float[] rows = rowBuffer(h * ow);
            for (int pl = p0; pl < p1; pl++) {
                upsamplePlane(in, pl * h * w, h, w, rows, ty, tx, bilinear, o, oBase + pl * oh * ow, ow);
            }
        });
    }

    private static void upsamplePlane(float[] in, int src, int h, int w, float[] rows, Taps ty, Taps tx,
                                      boolean bilinear, float[] o, int dst, int ow) {
        for (int y = 0; y < h; y++) {
            int r = y * ow, s = src + y * w;
            for (int ox = 0; ox < ow; ox++) {
                float wx1 = tx.lambda[ox];
                rows[r + ox] = bilinear ? (1f - wx1) * in[s + tx.i0[ox]] + wx1 * in[s + tx.i1[ox]] : in[s + tx.i0[ox]];
            }
        }
        int oh = ty.i0.length;
        for (int oy = 0; oy < oh; oy++) {
            int d = dst + oy * ow;
            int r0 = ty.i0[oy] * ow;
            if (!bilinear) {
                System.arraycopy(rows, r0, o, d, ow);
                continue;
            }
            int r1 = ty.i1[oy] * ow;
            float wy1 = ty.lambda[oy], wy0 = 1f - wy1;
            int i = 0;
            for (int bound = S.loopBound(ow); i < bound; i += L) {
                FloatVector a = FloatVector.fromArray(S, rows, r0 + i).mul(wy0);
                a.add(FloatVector.fromArray(S, rows, r1 + i).mul(wy1)).intoArray(o, d + i);
            }
            for (; i < ow; i++) {
                o[d + i] = wy0 * rows[r0 + i] + wy1 * rows[r1 + i];
            }
        }
    }

    static void upsampleAdjoint(Tensor gy, Tensor gx, int sh, int sw, boolean bilinear) {
        int[] xs = gx.shape();
        int planes = xs[0] * xs[1], h = xs[2], w = xs[3], oh = h * sh, ow = w * sw;
        float[] g = Strided.dense(gy);
        float[] o = Strided.data(gx);
        int oBase = gx.offset();
        Taps ty = Taps.of(h, sh, bilinear), tx = Taps.of(w, sw, bilinear);
        int tasks = Math.min(planes, Parallel.threads() * 4);
        Parallel.forEach(tasks, t -> {
            int p0 = (int) ((long) planes * t / tasks), p1 = (int) ((long) planes * (t + 1) / tasks);
            float[] row = rowBuffer(ow);
            for (int pl = p0; pl < p1; pl++) {
                int dst = oBase + pl * h * w;
                Arrays.fill(o, dst, dst + h * w, 0f);
                for (int oy = 0; oy < oh; oy++) {
                    int src = pl * oh * ow + oy * ow;
                    float wy1 = ty.lambda[oy], wy0 = 1f - wy1;
                    scatterRow(g, src, wy0, row, tx, bilinear, o, dst + ty.i0[oy] * w);
                    if (bilinear) {
                        scatterRow(g, src, wy1, row, tx, true, o, dst + ty.i1[oy] * w);
                    }
                }
            }
        });
    }

    /** Adds {@code wy * g[src .. src+ow)} into one source row, splitting each value between its two x taps. */
    private static void scatterRow(float[] g, int src, float wy, float[] row, Taps tx, boolean bilinear, float[] o,
                                   int dst) {
        int ow = tx.i0.length;
        int i = 0;
        for (int bound = S.loopBound(ow); i < bound; i += L) {
            FloatVector.fromArray(S, g, src + i).mul(wy).intoArray(row, i);
        }
        for (; i < ow; i++) {
            row[i] = g[src + i] * wy;
        }
        for (int ox = 0; ox < ow; ox++) {
            float wx1 = tx.lambda[ox];
            if (bilinear) {
                o[dst + tx.i0[ox]] += (1f - wx1) * row[ox];
                o[dst + tx.i1[ox]] += wx1 * row[ox];
            } else {
                o[dst + tx.i0[ox]] += row[ox];
            }
        }
    }

    private static float[] rowBuffer(int n) {
        float[] b = ROWS.get();
        if (b.length < n) {
            b = new float[n];
            ROWS.set(b);
        }
        return b;
    }
}
