package dev.colorize.nn;

import dev.colorize.core.autograd.Autograd;
import dev.colorize.core.reference.ReferenceRunner;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.layers.BatchNorm2d;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.LeakyReLU;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PyTorch state dict (the pix2pix PatchGAN of the reference models, keys {@code model.3.running_var}
 * etc., {@code num_batches_tracked} as I64) loads strictly into a network built from these layers and
 * reproduces PyTorch's eval and train outputs, running-stat updates and parameter gradients.
 */
class PyTorchInteropTest {

    /** pix2pix NLayerDiscriminator(n_layers=3, BatchNorm); channel counts taken from the state dict. */
    static final class PatchGan extends Module {
        final Sequential model;

        PatchGan(StateDict sd) {
            int[] widths = {sd.get("model.0.weight").size(0), sd.get("model.2.weight").size(0),
                    sd.get("model.5.weight").size(0), sd.get("model.8.weight").size(0)};
            int inputNc = sd.get("model.0.weight").size(1);
            model = registerModule("model", new Sequential(
                    Conv2d.builder(inputNc, widths[0], 4).stride(2).padding(1).build(), new LeakyReLU(0.2f),
                    Conv2d.builder(widths[0], widths[1], 4).stride(2).padding(1).bias(false).build(),
                    new BatchNorm2d(widths[1]), new LeakyReLU(0.2f),
                    Conv2d.builder(widths[1], widths[2], 4).stride(2).padding(1).bias(false).build(),
                    new BatchNorm2d(widths[2]), new LeakyReLU(0.2f),
                    Conv2d.builder(widths[2], widths[3], 4).stride(1).padding(1).bias(false).build(),
                    new BatchNorm2d(widths[3]), new LeakyReLU(0.2f),
                    Conv2d.builder(widths[3], 1, 4).stride(1).padding(1).build()));
        }

        @Override
        public Tensor forward(Tensor x) {
            return model.forward(x);
        }
    }

    private static Path modelCase(String name) {
        return ReferenceRunner.defaultDir().resolve("models").resolve(name + ".safetensors");
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        double scale = 1;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            double allowed = 1e-3 * scale + 1e-3 * Math.abs(e[i]);
            assertTrue(Math.abs(a[i] - e[i]) <= allowed, what + "[" + i + "]: " + a[i] + " vs " + e[i]);
        }
    }

    @Test
    void patchGanEvalFromAPyTorchStateDict() throws Exception {
        StateDict file = StateDictIO.read(modelCase("patchgan_eval"));
        StateDict params = file.subDict("param.");
        assertTrue(params.isInteger("model.3.num_batches_tracked"), "I64 entries stay integer");
        PatchGan net = new PatchGan(params);
        assertTrue(net.loadStateDict(params, true).isClean());
        net.eval();
        assertClose("output", file.get("output"), net.forward(file.get("input")));
        assertEquals(List.copyOf(params.keys()), List.copyOf(net.stateDict().keys()), "same keys in PyTorch's order");
    }

    @Test
    void patchGanTrainModeStateAndGradients() throws Exception {
        StateDict file = StateDictIO.read(modelCase("patchgan_train"));
        StateDict params = file.subDict("param.");
        PatchGan net = new PatchGan(params);
        net.loadStateDict(params, true);
        net.train();
        Tensor out = net.forward(file.get("input"));
        assertClose("output", file.get("output"), out);
        StateDict after = net.stateDict();
        for (Map.Entry<String, Tensor> e : file.subDict("state_after.").tensors().entrySet()) {
            assertClose(e.getKey(), e.getValue(), after.get(e.getKey()));
        }
        assertEquals(8f, after.get("model.3.num_batches_tracked").item());
        Map<String, Tensor> named = net.namedParameters();
        List<Tensor> wrt = new ArrayList<>(named.values());
        List<Tensor> grads = Autograd.grad(List.of(out), List.of(file.get("grad_output")), wrt, false);
        int i = 0;
        for (String key : named.keySet()) {
            assertClose("grad " + key, file.get("grad_param." + key), grads.get(i++));
        }
        assertEquals(file.subDict("grad_param.").size(), named.size());
    }
}
