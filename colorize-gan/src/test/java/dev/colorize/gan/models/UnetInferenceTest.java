package dev.colorize.gan.models;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.layers.BatchNorm2d;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fused inference path of {@link UNet} ({@link UnetInference}) against the module graph it
 * replaces, on both CPU kernel sets: random widths, depths, norms and decoders, with BatchNorm
 * statistics and affine parameters far from their defaults so the folding matters.
 */
class UnetInferenceTest {
    private static final double TOL = 2e-4;

    @Test
    void fusedEvalForwardMatchesTheModuleGraph() {
        Rng rng = new Rng(7);
        int[][] configs = {{4, 3}, {8, 4}, {4, 5}, {8, 6}, {4, 8}};
        int i = 0;
        for (int[] c : configs) {
            for (Norm norm : Norm.values()) {
                UNet.Decoder decoder = UNet.Decoder.values()[i++ % 2];
                UNet g = UNet.builder().ngf(c[0]).numDowns(c[1]).norm(norm).decoder(decoder).dropout(i % 3 == 0)
                        .seed(i).build();
                randomizeNorms(g, rng);
                g.eval();
                int size = Math.max(g.sizeMultiple(), c[1] <= 4 ? 32 : 0);
                Tensor x = Tensor.rand(rng, 1 + i % 2, 1, size, size).mul(2f).sub(1f);
                String what = "ngf " + c[0] + " numDowns " + c[1] + " " + norm + " " + decoder;
                for (String kernels : new String[] {"vector", "scalar"}) {
                    onKernels(kernels, () -> {
                        Tensor fused = noGrad(() -> g.forward(x));
                        Tensor graph = unfused(() -> g.forward(x));
                        assertClose(what + " on " + kernels, graph, fused);
                        assertTrue(meanAbs(graph) > 0.05, what + ": outputs too small to compare, mean |y| "
                                + meanAbs(graph));
                        return null;
                    });
                }
            }
        }
    }

    @Test
    void takesTheFusedPathOnlyInEvalWithoutGrad() {
        UNet g = UNet.builder().ngf(4).numDowns(3).seed(3).build();
        g.eval();
        assertTrue(noGrad(() -> UnetInference.applies(g)));
        assertFalse(UnetInference.applies(g), "grad mode on");
        g.train();
        assertFalse(noGrad(() -> UnetInference.applies(g)), "training mode");
        g.eval();
        g.namedModules().values().stream().filter(m -> m instanceof BatchNorm2d).findFirst().orElseThrow().train();
        assertFalse(noGrad(() -> UnetInference.applies(g)), "one BatchNorm in training mode");
        UNet inst = UNet.builder().ngf(4).numDowns(3).norm(Norm.INSTANCE).build();
        inst.eval();
        assertFalse(noGrad(() -> UnetInference.applies(inst)), "instance norm");
    }

    /** Reused concatenation buffers: alternating shapes, repeated calls and two concurrent callers agree. */
    @Test
    void reusedBuffersGiveTheSameResultsAcrossShapesAndThreads() throws Exception {
        Rng rng = new Rng(13);
        UNet g = UNet.builder().ngf(4).numDowns(3).seed(9).build();
        randomizeNorms(g, rng);
        g.eval();
        Tensor a = Tensor.rand(rng, 2, 1, 16, 16), b = Tensor.rand(rng, 1, 1, 24, 8);
        Tensor ya = unfused(() -> g.forward(a)), yb = unfused(() -> g.forward(b));
        for (int i = 0; i < 3; i++) {
            assertClose("call " + i + " shape a", ya, noGrad(() -> g.forward(a)));
            assertClose("call " + i + " shape b", yb, noGrad(() -> g.forward(b)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<Tensor>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> noGrad(() -> g.forward(a))));
            }
            for (java.util.concurrent.Future<Tensor> r : results) {
                assertClose("concurrent call", ya, r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A changed running statistic, BatchNorm weight or conv weight changes the fused output as it does the graph's. */
    @Test
    void foldIsRecomputedWhenWeightsOrStatisticsChange() {
        Rng rng = new Rng(11);
        UNet g = UNet.builder().ngf(4).numDowns(4).seed(5).build();
        randomizeNorms(g, rng);
        g.eval();
        Tensor x = Tensor.rand(rng, 1, 1, 16, 16).mul(2f).sub(1f);
        Tensor before = noGrad(() -> g.forward(x));
        BatchNorm2d bn = (BatchNorm2d) g.namedModules().get("model.model.1.model.2");
        Tensor rv = bn.runningVar();
        noGrad(() -> rv.copyFrom(rv.mul(4f)));
        Tensor afterStat = noGrad(() -> g.forward(x));
        assertChanged("running_var", before, afterStat);
        assertClose("after running_var change", unfused(() -> g.forward(x)), afterStat);

        Tensor bw = bn.weight();
        noGrad(() -> bw.copyFrom(bw.neg()));
        Tensor afterWeight = noGrad(() -> g.forward(x));
        assertChanged("BatchNorm weight", afterStat, afterWeight);
        assertClose("after BatchNorm weight change", unfused(() -> g.forward(x)), afterWeight);

        Tensor cw = ((dev.colorize.nn.layers.Conv2d) g.namedModules().get("model.model.1.model.1")).weight();
        noGrad(() -> cw.copyFrom(Tensor.randn(rng, cw.shape())));
        Tensor afterConv = noGrad(() -> g.forward(x));
        assertChanged("conv weight", afterWeight, afterConv);
        assertClose("after conv weight change", unfused(() -> g.forward(x)), afterConv);
    }

    /**
     * Statistics and affine parameters far from the defaults (mean 0, var 1, weight 1, bias 0), and
     * convolution weights of He scale instead of pix2pix's N(0, 0.02), so that activations stay of
     * order 1 through the depth and the comparison's tolerance is tight relative to them.
     */
    private static void randomizeNorms(UNet g, Rng rng) {
        for (Module m : g.namedModules().values()) {
            Tensor w = m instanceof dev.colorize.nn.layers.Conv2d c ? c.weight()
                    : m instanceof dev.colorize.nn.layers.ConvTranspose2d t ? t.weight() : null;
            if (w != null) {
                int[] s = w.shape();
                int fanIn = m instanceof dev.colorize.nn.layers.Conv2d ? s[1] * s[2] * s[3] : s[0] * s[2] * s[3] / 4;
                noGrad(() -> w.copyFrom(Tensor.randn(rng, s).mul((float) Math.sqrt(2.0 / fanIn))));
            }
            if (m instanceof BatchNorm2d bn) {
                int c = bn.runningMean().numel();
                noGrad(() -> {
                    bn.runningMean().copyFrom(Tensor.randn(rng, c).mul(0.3f));
                    bn.runningVar().copyFrom(Tensor.rand(rng, c).add(0.2f));
                    bn.weight().copyFrom(Tensor.rand(rng, c).add(0.5f));
                    bn.bias().copyFrom(Tensor.randn(rng, c).mul(0.2f));
                    return null;
                });
            }
        }
    }

    private static <T> T noGrad(Supplier<T> body) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return body.get();
        }
    }

    private static Tensor unfused(Supplier<Tensor> body) {
        UnetInference.setEnabled(false);
        try {
            return noGrad(body);
        } finally {
            UnetInference.setEnabled(true);
        }
    }

    private static void onKernels(String kernels, Supplier<Void> body) {
        Backend cpu = Backends.cpu(), current = Backends.current();
        if (kernels.equals("scalar")) {
            Backends.setCpu(Backends.scalar());
            Backends.setCurrent(Backends.scalar());
        }
        try {
            body.get();
        } finally {
            Backends.setCpu(cpu);
            Backends.setCurrent(current);
        }
    }

    private static double meanAbs(Tensor t) {
        double s = 0;
        for (float v : t.toArray()) {
            s += Math.abs(v);
        }
        return s / t.numel();
    }

    private static void assertChanged(String what, Tensor a, Tensor b) {
        float[] x = a.toArray(), y = b.toArray();
        double diff = 0;
        for (int i = 0; i < x.length; i++) {
            diff = Math.max(diff, Math.abs(x[i] - y[i]));
        }
        assertTrue(diff > 1e-3, "changing the " + what + " should change the output, max diff " + diff);
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        float[] e = expected.toArray(), a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= TOL * (1 + Math.abs(e[i])))) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }
}
