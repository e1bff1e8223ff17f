package dev.colorize.nn.layers;

import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.GradCheck;
import dev.colorize.nn.Sequential;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayersTest {

    /** Direct definition: y[n,o,i,j] = b[o] + sum w[o,c,a,b] * x[n,c,i*s-p+a*d, j*s-p+b*d]. */
    private static float[] naiveConv(float[] x, int n, int c, int h, int w, float[] wt, int o, int k, float[] b,
                                     int s, int p, int d, int oh, int ow) {
        float[] y = new float[n * o * oh * ow];
        for (int ni = 0; ni < n; ni++) {
            for (int oi = 0; oi < o; oi++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = b == null ? 0 : b[oi];
                        for (int ci = 0; ci < c; ci++) {
                            for (int a = 0; a < k; a++) {
                                for (int bb = 0; bb < k; bb++) {
                                    int yy = i * s - p + a * d;
                                    int xx = j * s - p + bb * d;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                        acc += wt[((oi * c + ci) * k + a) * k + bb] * x[((ni * c + ci) * h + yy) * w + xx];
                                    }
                                }
                            }
                        }
                        y[((ni * o + oi) * oh + i) * ow + j] = (float) acc;
                    }
                }
            }
        }
        return y;
    }

    private static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void conv2dMatchesDirectDefinition() {
        Rng rng = new Rng(5);
        Conv2d conv = Conv2d.builder(3, 4, 3).stride(2).padding(2).dilation(2).build(rng);
        Tensor x = Tensor.randn(rng, 2, 3, 7, 6);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {2, 4, 4, 3}, y.shape());
        assertClose(naiveConv(x.toArray(), 2, 3, 7, 6, conv.weight().toArray(), 4, 3, conv.bias().toArray(), 2, 2, 2, 4, 3),
                y.toArray(), 1e-5);
    }

    @Test
    void convTransposeIsTheAdjointOfConv() {
        // <convT(x), z> = <x, conv(z)> for the same weight (no bias): the defining property.
        Rng rng = new Rng(6);
        ConvTranspose2d up = ConvTranspose2d.builder(3, 2, 3).stride(2).padding(1).outputPadding(1).bias(false).build(rng);
        Tensor x = Tensor.randn(rng, 1, 3, 4, 5);
        Tensor y = up.forward(x);
        assertArrayEquals(new int[] {1, 2, 8, 10}, y.shape());
        Tensor z = Tensor.randn(rng, 1, 2, 8, 10);
        float[] cz = naiveConv(z.toArray(), 1, 2, 8, 10, up.weight().toArray(), 3, 3, null, 2, 1, 1, 4, 5);
        double lhs = 0;
        double rhs = 0;
        float[] ya = y.toArray();
        float[] za = z.toArray();
        float[] xa = x.toArray();
        for (int i = 0; i < ya.length; i++) {
            lhs += ya[i] * za[i];
        }
        for (int i = 0; i < xa.length; i++) {
            rhs += xa[i] * cz[i];
        }
        assertEquals(rhs, lhs, 1e-4 * Math.max(1, Math.abs(rhs)));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(7);
        Conv2d conv = Conv2d.builder(2, 3, 3).stride(2).padding(1).build(rng);
        Tensor x = Tensor.randn(rng, 1, 2, 5, 4).requiresGrad(true);
        GradCheck.check("conv2d", () -> conv.forward(x), List.of(x, conv.weight(), conv.bias()), 1e-2f, 2e-2);

        ConvTranspose2d up = ConvTranspose2d.builder(2, 3, 4).stride(2).padding(1).build(rng);
        Tensor u = Tensor.randn(rng, 1, 2, 3, 2).requiresGrad(true);
        GradCheck.check("conv_transpose2d", () -> up.forward(u), List.of(u, up.weight(), up.bias()), 1e-2f, 2e-2);

        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor b = Tensor.randn(rng, 2, 2, 2, 3).requiresGrad(true);
        GradCheck.check("batch_norm", () -> bn.forward(b), List.of(b, bn.weight(), bn.bias()), 1e-2f, 3e-2);

        InstanceNorm2d in = new InstanceNorm2d(2, 1e-5f, true);
        GradCheck.check("instance_norm", () -> in.forward(b), List.of(b, in.weight(), in.bias()), 1e-2f, 3e-2);

        Tensor s = Tensor.randn(rng, 1, 2, 3, 2).requiresGrad(true);
        GradCheck.check("upsample_bilinear", () -> new Upsample(2, Upsample.Mode.BILINEAR).forward(s), List.of(s), 1e-2f, 1e-2);
        GradCheck.check("upsample_nearest", () -> new Upsample(3, Upsample.Mode.NEAREST).forward(s), List.of(s), 1e-2f, 1e-2);

        Linear lin = new Linear(3, 2, true, rng);
        Tensor v = Tensor.randn(rng, 4, 3).requiresGrad(true);
        GradCheck.check("linear", () -> lin.forward(v), List.of(v, lin.weight(), lin.bias()), 1e-2f, 2e-2);
    }

    @Test
    void batchNormFollowsPyTorchRules() {
        BatchNorm2d bn = new BatchNorm2d(2);
        // channel 0 holds 1, 2, 3, 4; channel 1 holds 10, 10, 10, 14
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 10, 10, 14}, 1, 2, 2, 2);
        Tensor y = bn.forward(x);
        float sd0 = (float) Math.sqrt(1.25 + 1e-5);
        assertEquals((1 - 2.5f) / sd0, y.get(0, 0, 0, 0), 1e-5);
        // running stats: 0.9 * old + 0.1 * batch, with the unbiased variance
        assertArrayEquals(new float[] {0.25f, 1.1f}, bn.runningMean().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.1f * 5f / 3f, 0.9f + 0.1f * 4f}, bn.runningVar().toArray(), 1e-6f);
        assertEquals(1f, bn.numBatchesTracked().item());
        bn.eval();
        Tensor e = bn.forward(x);
        assertEquals((1 - 0.25f) / (float) Math.sqrt(bn.runningVar().get(0) + 1e-5), e.get(0, 0, 0, 0), 1e-5);
        assertEquals(1f, bn.numBatchesTracked().item(), "eval does not count batches");

        BatchNorm2d cumulative = BatchNorm2d.builder(2).momentum(null).affine(false).build();
        assertNull(cumulative.weight());
        cumulative.forward(x);
        cumulative.forward(x.mul(0f).add(1f).add(Tensor.of(new float[] {0, 1, 0, 1, 0, 1, 0, 1}, 1, 2, 2, 2)));
        // the average of the two batch means: ((2.5 + 1.5) / 2, (11 + 1.5) / 2)
        assertArrayEquals(new float[] {2f, 6.25f}, cumulative.runningMean().toArray(), 1e-6f);

        BatchNorm2d noStats = BatchNorm2d.builder(2).trackRunningStats(false).build();
        assertEquals(List.of("weight", "bias"), List.copyOf(noStats.stateDict().keys()));
        noStats.eval();
        assertEquals((1 - 2.5f) / sd0, noStats.forward(x).get(0, 0, 0, 0), 1e-5, "no running stats: batch statistics in eval");
        assertThrows(RuntimeException.class, () -> new BatchNorm2d(2).forward(Tensor.zeros(1, 2, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(x));
    }

    @Test
    void dropoutIsSeededAndScaled() {
        Tensor x = Tensor.ones(1, 1, 40, 50);
        Dropout d = new Dropout(0.3f, new Rng(11));
        float[] y = d.forward(x).toArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(1f / 0.7f, v, 1e-6);
            }
        }
        assertTrue(zeros > 500 && zeros < 700, "about 30% of 2000 dropped, got " + zeros);
        assertArrayEquals(y, new Dropout(0.3f, new Rng(11)).forward(x).toArray(), "same seed, same mask");
        assertNotEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(d.forward(x).toArray()));
        d.eval();
        assertArrayEquals(x.toArray(), d.forward(x).toArray());
    }

    @Test
    void defaultInitUsesPyTorchFanIn() {
        Conv2d conv = Conv2d.builder(4, 2, 3).build(new Rng(1));
        ConvTranspose2d up = ConvTranspose2d.builder(16, 2, 4).build(new Rng(1));
        assertBounded(conv.weight(), 1 / Math.sqrt(4 * 9));
        assertBounded(conv.bias(), 1 / Math.sqrt(4 * 9));
        // fan_in of a transposed conv is weight.size(1) * k * k = out * 16 = 32, not in * 16 = 256
        assertBounded(up.weight(), 1 / Math.sqrt(2 * 16));
        float max = 0;
        for (float v : up.weight().toArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.9 / Math.sqrt(32), "uses the whole range, max |w| = " + max);
        assertArrayEquals(conv.weight().toArray(), Conv2d.builder(4, 2, 3).build(new Rng(1)).weight().toArray());
    }

    private static void assertBounded(Tensor t, double bound) {
        for (float v : t.toArray()) {
            assertTrue(Math.abs(v) <= bound, v + " outside +-" + bound);
        }
    }

    @Test
    void activationsAndContainers() {
        Tensor x = Tensor.of(new float[] {-2, -0.5f, 0, 1.5f}, 1, 4, 1, 1);
        assertArrayEquals(new float[] {0, 0, 0, 1.5f}, new ReLU().forward(x).toArray());
        assertArrayEquals(new float[] {-0.4f, -0.1f, 0, 1.5f}, new LeakyReLU(0.2f).forward(x).toArray(), 1e-7f);
        assertEquals((float) Math.tanh(-0.5), new Tanh().forward(x).get(0, 1, 0, 0), 1e-6);
        assertEquals(1 / (1 + (float) Math.exp(2)), new Sigmoid().forward(x).get(0, 0, 0, 0), 1e-6);
        float[] sm = new Softmax(1).forward(x).toArray();
        assertEquals(1f, sm[0] + sm[1] + sm[2] + sm[3], 1e-6);
        assertArrayEquals(x.toArray(), new Identity().forward(x).toArray());
        Sequential seq = new Sequential(new LeakyReLU(0.2f), new ReLU());
        Tensor cat = new ConcatSkip(seq).forward(x);
        assertArrayEquals(new int[] {1, 8, 1, 1}, cat.shape());
        assertArrayEquals(new float[] {-2, -0.5f, 0, 1.5f, 0, 0, 0, 1.5f}, cat.toArray());
        assertEquals(2, seq.size());
        assertTrue(seq.get(-1) instanceof ReLU);
    }
}
