package dev.colorize.gan.models;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.gan.ColorizationModel;
import dev.colorize.gan.ModelFile;
import dev.colorize.gan.color.Normalization;
import dev.colorize.nn.StateDict;
import dev.colorize.nn.StateDictIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The released ECCV16 weights load: the full-width model's state dict has exactly the keys, order and
 * shapes of richzhang/colorization's {@code ECCVGenerator} (written out below from its layer list),
 * and a plain PyTorch state dict file becomes a working model file through {@link ModelFile#fromStateDict}.
 */
class OfficialEccv16LayoutTest {

    /** The official state dict: Sequential indices count the ReLUs, BatchNorm ends blocks 1-7. */
    private static Map<String, int[]> officialLayout() {
        Map<String, int[]> m = new LinkedHashMap<>();
        int[][] blocks = {   // {in, out, convs} of model1..model7
            {1, 64, 2}, {64, 128, 2}, {128, 256, 3}, {256, 512, 3}, {512, 512, 3}, {512, 512, 3}, {512, 512, 3},
        };
        for (int b = 0; b < blocks.length; b++) {
            String p = "model" + (b + 1) + ".";
            int in = blocks[b][0];
            int out = blocks[b][1];
            for (int c = 0; c < blocks[b][2]; c++) {
                m.put(p + (2 * c) + ".weight", new int[] {out, c == 0 ? in : out, 3, 3});
                m.put(p + (2 * c) + ".bias", new int[] {out});
            }
            String bn = p + (2 * blocks[b][2]) + ".";
            m.put(bn + "weight", new int[] {out});
            m.put(bn + "bias", new int[] {out});
            m.put(bn + "running_mean", new int[] {out});
            m.put(bn + "running_var", new int[] {out});
            m.put(bn + "num_batches_tracked", new int[0]);
        }
        m.put("model8.0.weight", new int[] {512, 256, 4, 4});   // ConvTranspose2d: [in, out, kH, kW]
        m.put("model8.0.bias", new int[] {256});
        m.put("model8.2.weight", new int[] {256, 256, 3, 3});
        m.put("model8.2.bias", new int[] {256});
        m.put("model8.4.weight", new int[] {256, 256, 3, 3});
        m.put("model8.4.bias", new int[] {256});
        m.put("model8.6.weight", new int[] {313, 256, 1, 1});
        m.put("model8.6.bias", new int[] {313});
        m.put("model_out.weight", new int[] {2, 313, 1, 1});
        return m;
    }

    @Test
    void fullWidthStateDictHasTheOfficialKeysOrderAndShapes() {
        StateDict sd = Eccv16.builder().build().stateDict();
        Map<String, int[]> expected = officialLayout();
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(sd.keys()));
        expected.forEach((k, shape) -> assertArrayEquals(shape, sd.get(k).shape(), k));
        assertTrue(sd.isInteger("model1.4.num_batches_tracked"), "stored as I64 like PyTorch");
    }

    @Test
    void aPlainPyTorchStateDictBecomesAModelFile(@TempDir Path dir) throws Exception {
        Eccv16 g = Eccv16.builder().widths(3, 4, 5, 6).seed(8).build();
        Rng rng = new Rng(3);
        try (GradMode.Scope s = GradMode.noGrad()) {   // non-trivial running statistics, as in released weights
            g.namedBuffers().forEach((k, t) -> {
                if (k.endsWith("running_var")) {
                    t.copyFrom(Tensor.rand(rng, t.shape()).add(0.5f));
                } else if (k.endsWith("running_mean")) {
                    t.copyFrom(Tensor.randn(rng, t.shape()).mul(0.1f));
                }
            });
        }
        Path plain = dir.resolve("eccv16.safetensors");
        StateDictIO.write(plain, g.stateDict());   // what safetensors.torch.save_file writes: tensors, no model metadata
        assertThrows(Exception.class, () -> ModelFile.read(plain), "not a model file by itself");

        ModelFile file = ModelFile.fromStateDict(plain, "eccv16", Map.of());
        ColorizationModel model = file.instantiate();
        Tensor l = Tensor.rand(new Rng(4), 1, 1, 16, 16).mul(100f);
        g.eval();
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertArrayEquals(g.forward(l).toArray(), model.predictAb(Normalization.ECCV16.normalizeL(l)).toArray(), 1e-5f);
        }

        StateDict broken = g.stateDict().copy();
        broken.remove("model8.6.bias");
        Path bad = dir.resolve("broken.safetensors");
        StateDictIO.write(bad, broken);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.fromStateDict(bad, "eccv16", Map.of()).instantiate());
        assertTrue(e.getMessage().contains("model8.6.bias"), e.getMessage());
    }
}
