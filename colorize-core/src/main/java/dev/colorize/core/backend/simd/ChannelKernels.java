package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Strided;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch norm's two passes over a contiguous x [N,C,P...] (P = product of the trailing dims):
 * per-channel moments (mean, then the centred sum of squares, while the channel's planes are still
 * in cache; partial sums in double) and the per-channel affine map {@code x * scale[c] + shift[c]}.
 * Replaces the eight tensor-wide passes and five temporaries of the composed version.
 */
final class ChannelKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements per parallel task of the affine kernel. */
    private static final int GRAIN = 1 << 15;

    private ChannelKernels() {
    }

    /** mean[c], var[c] (biased) of contiguous x; mean and var contiguous [C]. */
    static void moments(Tensor x, Tensor mean, Tensor var) {
        int[] shape = x.shape();
        int batch = shape[0], channels = shape[1];
        int plane = channels == 0 || batch == 0 ? 0 : x.numel() / (batch * channels);
        float[] xs = Strided.data(x);
        float[] m = Strided.data(mean);
        float[] v = Strided.data(var);
        int xo = x.offset(), mo = mean.offset(), vo = var.offset();
        long count = (long) batch * plane;
        int tasks = count * channels < GRAIN ? 1 : channels;
        Parallel.forEach(tasks, t -> {
            int c0 = tasks == 1 ? 0 : t, c1 = tasks == 1 ? channels : t + 1;
            for (int c = c0; c < c1; c++) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    sum += sum(xs, xo + (n * channels + c) * plane, plane);
                }
                float mu = (float) (sum / count);
                double sq = 0;
                for (int n = 0; n < batch; n++) {
                    sq += centredSquares(xs, xo + (n * channels + c) * plane, plane, mu);
                }
                m[mo + c] = mu;
                v[vo + c] = (float) (sq / count);
            }
        });
    }

    private static double sum(float[] a, int from, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            acc = acc.add(FloatVector.fromArray(S, a, from + i));
        }
        double s = VectorMath.sumLanes(acc);
        for (; i < n; i++) {
            s += a[from + i];
        }
        return s;
    }

    private static double centredSquares(float[] a, int from, int n, float mu) {
        FloatVector acc = FloatVector.zero(S);
        FloatVector m = FloatVector.broadcast(S, mu);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(S, a, from + i).sub(m);
            acc = d.fma(d, acc);
        }
        double s = VectorMath.sumLanes(acc);
        for (; i < n; i++) {
            double d = a[from + i] - mu;
            s += d * d;
        }
        return s;
    }

    /** out = x * scale[c] + shift[c] (shift may be null); x and out contiguous of the same shape. */
    static void affine(Tensor x, Tensor scale, Tensor shift, Tensor out) {
        int[] shape = x.shape();
        int batch = shape[0], channels = shape[1];
        int planes = batch * channels;
        int plane = planes == 0 ? 0 : x.numel() / planes;
        float[] xs = Strided.data(x);
        float[] o = Strided.data(out);
        float[] sc = Strided.data(scale);
        float[] sh = shift == null ? null : Strided.data(shift);
        int xo = x.offset(), oo = out.offset();
        int so = scale.offset(), ss = scale.strides()[0];
        int ho = shift == null ? 0 : shift.offset(), hs = shift == null ? 0 : shift.strides()[0];
        long total = (long) planes * plane;
        int tasks = (int) Math.max(1, Math.min(planes, Math.min(4L * Parallel.threads(), total / GRAIN)));
        Parallel.forEach(tasks, t -> {
            int p0 = (int) ((long) planes * t / tasks), p1 = (int) ((long) planes * (t + 1) / tasks);
            for (int p = p0; p < p1; p++) {
                int c = p % channels;
                float a = sc[so + c * ss];
                float b = sh == null ? 0f : sh[ho + c * hs];
                affineRow(xs, xo + p * plane, o, oo + p * plane, plane, a, b);
            }
        });
    }

    private static void affineRow(float[] x, int xo, float[] o, int oo, int n, float a, float b) {
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(va, vb).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = Math.fma(x[xo + i], a, b);
        }
    }
}
