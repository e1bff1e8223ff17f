package dev.colorize.gan.models;

import dev.colorize.core.F;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ColorizationModel;
import dev.colorize.gan.ModelFile;
import dev.colorize.gan.color.Normalization;
import dev.colorize.nn.layers.Conv2d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The U-Net with Zhang et al.'s classification head: logits at half resolution, annealed-mean decoding, model files. */
class UnetClassificationHeadTest {

    /**
     * A classification U-Net whose logits are far from uniform: every trained weight and bias random
     * (the fixed bin centres untouched) and BatchNorm statistics away from their defaults, so that the
     * fused path's folding of biases and norms is exercised.
     */
    private static UNet classifier(long seed) {
        UNet g = UNet.builder().ngf(4).numDowns(4).head(AbHead.CLASSIFICATION).seed(seed).build();
        Rng rng = new Rng(seed + 100);
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (Tensor p : g.parameters()) {
                if (p.requiresGrad()) {
                    p.copyFrom(Tensor.randn(rng, p.shape()).mul(p.dim() == 4 ? 0.5f : 0.2f));
                }
            }
            for (dev.colorize.nn.Module m : g.namedModules().values()) {
                if (m instanceof dev.colorize.nn.layers.BatchNorm2d bn) {
                    int c = bn.runningMean().numel();
                    bn.runningMean().copyFrom(Tensor.randn(rng, c).mul(0.3f));
                    bn.runningVar().copyFrom(Tensor.rand(rng, c).add(0.2f));
                }
            }
        }
        return g;
    }

    @Test
    void logitsAtHalfResolutionDecodeToTheirAnnealedMean() {
        UNet g = classifier(1);
        g.eval();
        Tensor x = Tensor.rand(new Rng(2), 2, 1, 32, 32).mul(2f).sub(1f);
        ColorClassifier.Output out = noGrad(() -> g.forwardWithLogits(x));
        assertArrayEquals(new int[] {2, 313, 16, 16}, out.logits().shape());
        assertArrayEquals(new int[] {2, 2, 32, 32}, out.ab().shape());
        assertEquals(2, g.logitsStride());
        Tensor expected = F.upsampleBilinear(
                g.bins().annealedMean(out.logits(), Eccv16.DEFAULT_TEMPERATURE).div(Normalization.AB_SCALE), 2);
        assertArrayEquals(expected.toArray(), out.ab().toArray(), 1e-4f);
        assertArrayEquals(out.ab().toArray(), noGrad(() -> g.forward(x)).toArray(), 1e-6f);
        float spread = max(out.ab()) - min(out.ab());
        assertTrue(spread > 0.2f, "the decoded ab should vary over the image, spread " + spread);
    }

    @Test
    void fusedInferenceMatchesTheModuleGraph() {
        UNet g = classifier(3);
        g.eval();
        Tensor x = Tensor.rand(new Rng(4), 1, 1, 32, 32).mul(2f).sub(1f);
        assertTrue(noGrad(() -> UnetInference.applies(g)));
        ColorClassifier.Output fused = noGrad(() -> g.forwardWithLogits(x));
        UnetInference.setEnabled(false);
        ColorClassifier.Output graph;
        try {
            graph = noGrad(() -> g.forwardWithLogits(x));
        } finally {
            UnetInference.setEnabled(true);
        }
        float[] e = graph.logits().toArray();
        float[] a = fused.logits().toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 2e-4 * (1 + Math.abs(e[i])), "logit " + i);
        }
        assertTrue(max(graph.logits()) - min(graph.logits()) > 1f, "logits too flat to compare");
        assertArrayEquals(graph.ab().toArray(), fused.ab().toArray(), 1e-4f);
    }

    @Test
    void theBinCentresAreFixedAndTravelInTheModelFile(@TempDir Path dir) throws IOException {
        // pix2pix's init leaves the logits nearly uniform; a random class-head bias of a few units makes
        // the distribution peaked enough that the temperature matters
        UNet g = UNet.builder().ngf(4).numDowns(4).head(AbHead.CLASSIFICATION).seed(5).build();
        Conv2d head = (Conv2d) g.namedModules().get("model.model.3");
        try (GradMode.Scope s = GradMode.noGrad()) {
            head.bias().copyFrom(Tensor.randn(new Rng(8), 313).mul(2f));
        }
        Conv2d modelOut = (Conv2d) g.namedModules().get("model_out");
        assertFalse(modelOut.weight().requiresGrad(), "the bin centres are not trained");
        assertEquals(1, head.config().kernelH(), "the outermost up layer is the 1x1 class head");
        Map<String, String> config = new HashMap<>(UnetFactory.configOf(g));
        assertEquals("classification", config.get("head"));
        config.put("render_size", "32");
        Path file = dir.resolve("unet-cls.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(file);

        ColorizationModel m = ModelFile.read(file).instantiate();
        Tensor l = Tensor.rand(new Rng(6), 1, 1, 32, 32).mul(2f).sub(1f);
        g.eval();
        Tensor expected = noGrad(() -> g.forward(l)).mul(Normalization.AB_SCALE);
        UnetInference.setEnabled(false);
        try {
            assertArrayEquals(expected.toArray(), noGrad(() -> g.forward(l)).mul(Normalization.AB_SCALE).toArray(), 1e-3f,
                    "the class head's bias through the fused path");
        } finally {
            UnetInference.setEnabled(true);
        }
        assertArrayEquals(expected.toArray(), noGrad(() -> m.predictAb(l)).toArray(), 1e-4f);

        // a higher temperature moves the annealed mean from the mode towards the mean: less chroma from the same logits
        config.put("temperature", "5");
        Path warm = dir.resolve("warm.safetensors");
        new ModelFile("unet", config, g.stateDict().tensors()).write(warm);
        ColorizationModel warmModel = ModelFile.read(warm).instantiate();
        Tensor warmAb = noGrad(() -> warmModel.predictAb(l));
        assertTrue(meanChroma(warmAb) < meanChroma(expected) - 5,
                "T 5 chroma " + meanChroma(warmAb) + " vs T 0.38 " + meanChroma(expected));
    }

    @Test
    void aRegressionUnetHasNoLogitsAndItsFilesStayAsTheyWere() {
        UNet g = UNet.builder().ngf(4).numDowns(4).seed(7).build();
        assertNull(g.bins());
        assertThrows(IllegalStateException.class, () -> g.forwardWithLogits(Tensor.zeros(1, 1, 16, 16)));
        assertFalse(UnetFactory.configOf(g).containsKey("head"));
        assertFalse(g.stateDict().tensors().containsKey("model_out.weight"));
        assertThrows(IllegalArgumentException.class,
                () -> UNet.builder().outChannels(3).head(AbHead.CLASSIFICATION).build());
        assertThrows(IllegalArgumentException.class, () -> UNet.builder().temperature(0f).build());
    }

    private static <T> T noGrad(Supplier<T> body) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return body.get();
        }
    }

    private static float max(Tensor t) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : t.toArray()) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float min(Tensor t) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : t.toArray()) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double meanChroma(Tensor ab) {
        float[] v = ab.toArray();
        int hw = ab.size(2) * ab.size(3);
        double s = 0;
        for (int n = 0; n < ab.size(0); n++) {
            for (int p = 0; p < hw; p++) {
                s += Math.hypot(v[(n * 2) * hw + p], v[(n * 2 + 1) * hw + p]);
            }
        }
        return s / (ab.size(0) * hw);
    }
}
