package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.Strided;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch norm's passes over a contiguous x [N,C,P...] (P = product of the trailing dims): forward,
 * the per-channel moments (mean, then the centred sum of squares, while the channel's planes are
 * still in cache; partial sums in double) and the per-channel affine map {@code x * scale[c] +
 * shift[c]}; backward, the two gradient sums per channel in one pass and the input gradient as one
 * two-input affine map. Replace the tensor-wide passes and temporaries of the composed versions.
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
        int channels = x.shape()[1];
        int planes = x.shape()[0] * channels;
        int plane = planes == 0 ? 0 : x.numel() / planes;
        float[] xs = Strided.data(x);
        float[] o = Strided.data(out);
        float[] a = perChannel(scale, channels), b = perChannel(shift, channels);
        int xo = x.offset(), oo = out.offset();
        forEachPlane(planes, plane,
                p -> affineRow(xs, xo + p * plane, o, oo + p * plane, plane, a[p % channels], b[p % channels]));
    }

    /** The values of a per-channel vector [C] (any view) as a plain array; zeros for null. */
    private static float[] perChannel(Tensor t, int channels) {
        return t == null ? new float[channels] : t.toArray();
    }

    /** {@code body} for each of {@code planes} planes of {@code plane} elements, in contiguous runs on the pool. */
    private static void forEachPlane(int planes, int plane, java.util.function.IntConsumer body) {
        long total = (long) planes * plane;
        int tasks = (int) Math.max(1, Math.min(planes, Math.min(4L * Parallel.threads(), total / GRAIN)));
        Parallel.forEach(tasks, t -> {
            int p0 = (int) ((long) planes * t / tasks), p1 = (int) ((long) planes * (t + 1) / tasks);
            for (int p = p0; p < p1; p++) {
                body.accept(p);
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

    /** sumG[c] = sum(g), sumGCentred[c] = sum(g * (x - mean[c])) of contiguous g, x; outputs contiguous [C]. */
    static void gradSums(Tensor g, Tensor x, Tensor mean, Tensor sumG, Tensor sumGCentred) {
        int[] shape = x.shape();
        int batch = shape[0], channels = shape[1];
        int plane = channels == 0 || batch == 0 ? 0 : x.numel() / (batch * channels);
        float[] xs = Strided.data(x);
        float[] gs = Strided.data(g);
        float[] means = perChannel(mean, channels);
        float[] sg = Strided.data(sumG);
        float[] sgc = Strided.data(sumGCentred);
        int xo = x.offset(), go = g.offset();
        int tasks = (long) batch * plane * channels < GRAIN ? 1 : channels;
        Parallel.forEach(tasks, t -> {
            int c0 = tasks == 1 ? 0 : t, c1 = tasks == 1 ? channels : t + 1;
            for (int c = c0; c < c1; c++) {
                float mu = means[c];
                double sum = 0;
                double centred = 0;
                for (int n = 0; n < batch; n++) {
                    int at = (n * channels + c) * plane;
                    sum += sum(gs, go + at, plane);
                    centred += centredDot(gs, go + at, xs, xo + at, plane, mu);
                }
                sg[sumG.offset() + c] = (float) sum;
                sgc[sumGCentred.offset() + c] = (float) centred;
            }
        });
    }

    private static double centredDot(float[] g, int go, float[] x, int xo, int n, float mu) {
        FloatVector acc = FloatVector.zero(S);
        FloatVector m = FloatVector.broadcast(S, mu);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            acc = FloatVector.fromArray(S, x, xo + i).sub(m).fma(FloatVector.fromArray(S, g, go + i), acc);
        }
        double s = VectorMath.sumLanes(acc);
        for (; i < n; i++) {
            s += (double) g[go + i] * (x[xo + i] - mu);
        }
        return s;
    }

    /** out = a * scaleA[c] + b * scaleB[c] + shift[c]; a, b and out contiguous of one shape. */
    static void affine2(Tensor a, Tensor scaleA, Tensor b, Tensor scaleB, Tensor shift, Tensor out) {
        int channels = a.shape()[1];
        int planes = a.shape()[0] * channels;
        int plane = planes == 0 ? 0 : a.numel() / planes;
        float[] as = Strided.data(a);
        float[] bs = Strided.data(b);
        float[] o = Strided.data(out);
        float[] ka = perChannel(scaleA, channels), kb = perChannel(scaleB, channels), k0 = perChannel(shift, channels);
        int ao = a.offset(), bo = b.offset(), oo = out.offset();
        forEachPlane(planes, plane, p -> {
            int c = p % channels;
            affine2Row(as, ao + p * plane, ka[c], bs, bo + p * plane, kb[c], k0[c], o, oo + p * plane, plane);
        });
    }

    private static void affine2Row(float[] a, int ao, float ka, float[] b, int bo, float kb, float k0, float[] o,
                                   int oo, int n) {
        FloatVector va = FloatVector.broadcast(S, ka);
        FloatVector vb = FloatVector.broadcast(S, kb);
        FloatVector v0 = FloatVector.broadcast(S, k0);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, b, bo + i).fma(vb, v0).add(FloatVector.fromArray(S, a, ao + i).mul(va))
                    .intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            o[oo + i] = Math.fma(b[bo + i], kb, k0) + a[ao + i] * ka;
        }
    }
}
