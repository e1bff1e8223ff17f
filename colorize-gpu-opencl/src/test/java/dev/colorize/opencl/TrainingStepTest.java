package dev.colorize.opencl;

import dev.colorize.core.F;
import dev.colorize.core.Reduction;
import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.backend.ConvSpec;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.colorize.opencl.ClTestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small U-Net (strided conv, batch norm in training mode, leaky ReLU, transposed conv, skip
 * concatenation, bilinear upsampling, reflect padding, tanh, L1 + MSE loss) trained for two steps
 * with colorize-nn's Adam (the fused device kernel): everything stays on the device (no
 * device-to-host read between the inputs and the final loss read-back) and matches the same steps
 * on the CPU.
 */
class TrainingStepTest {
    private static final int STEPS = 2;

    /** Parameters in a fixed order, created on the current backend. */
    private static List<Tensor> parameters() {
        Rng rng = new Rng(42);
        List<Tensor> p = new ArrayList<>();
        p.add(Tensor.randn(rng, 6, 1, 4, 4).mul(0.3f));   // 0 down conv, 1 -> 6, stride 2
        p.add(Tensor.ones(6));                             // 1 bn weight
        p.add(Tensor.zeros(6));                            // 2 bn bias
        p.add(Tensor.randn(rng, 6, 4, 4, 4).mul(0.2f));   // 3 up transposed conv, 6 -> 4, stride 2
        p.add(Tensor.randn(rng, 4).mul(0.1f));            // 4 up bias
        p.add(Tensor.randn(rng, 2, 5, 3, 3).mul(0.2f));   // 5 out conv, (4 + 1 skip) -> 2
        p.add(Tensor.randn(rng, 2).mul(0.1f));            // 6 out bias
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : p) {
            leaves.add(t.detach().contiguous().requiresGrad(true));
        }
        return leaves;
    }

    private static Tensor loss(List<Tensor> p, Tensor x, Tensor target, Tensor runMean, Tensor runVar) {
        Tensor d = F.conv2d(x, p.get(0), null, ConvSpec.of(2, 1));                       // [2,6,4,4]
        d = F.batchNorm(d, runMean, runVar, p.get(1), p.get(2), true, 0.1f, 1e-5f).leakyRelu(0.2f);
        Tensor u = F.convTranspose2d(d, p.get(3), p.get(4), ConvSpec.of(2, 1)).relu();  // [2,4,8,8]
        Tensor cat = Tensor.cat(1, u, x);                                                 // [2,5,8,8]
        Tensor y = F.conv2d(F.pad(cat, new int[] {1, 1, 1, 1}, true), p.get(5), p.get(6), ConvSpec.of(1, 0)).tanh();
        Tensor small = F.upsampleBilinear(y.slice(2, 0, 8, 2).slice(3, 0, 8, 2), 2);     // [2,2,8,8]
        return F.l1Loss(y, target, Reduction.MEAN).add(F.mseLoss(small, target, Reduction.MEAN).mul(0.5f));
    }

    /** Runs the steps on {@code backend}; returns losses, then every parameter and running statistic. */
    private static List<float[]> train(Backend backend, OpenClBackend cl) {
        Backend previous = Backends.current();
        Backends.setCurrent(backend);
        try {
            Rng data = new Rng(7);
            Tensor x = Tensor.randn(data, 2, 1, 8, 8);
            Tensor target = Tensor.rand(data, 2, 2, 8, 8).mul(2f).sub(1f);
            Tensor runMean = Tensor.zeros(6), runVar = Tensor.ones(6);
            List<Tensor> p = parameters();
            Adam adam = Adam.builder(p).lr(0.01).betas(0.5, 0.999).eps(1e-8).build();
            long readsBefore = cl.cl().reads.get();
            List<Tensor> losses = new ArrayList<>();
            for (int step = 1; step <= STEPS; step++) {
                Tensor l = loss(p, x, target, runMean, runVar);
                l.backward();
                adam.step();
                adam.zeroGrad();
                losses.add(l);
            }
            if (backend == cl) {
                assertEquals(readsBefore, cl.cl().reads.get(), "the training steps read from the device");
                assertSame(cl, losses.get(0).backend());
                assertSame(cl, p.get(0).backend());
            }
            List<float[]> out = new ArrayList<>();
            out.add(new float[] {losses.get(0).item(), losses.get(1).item()});
            for (Tensor t : p) {
                out.add(t.toArray());
            }
            out.add(runMean.toArray());
            out.add(runVar.toArray());
            return out;
        } finally {
            Backends.setCurrent(previous);
        }
    }

    @Test
    void uNetTrainingStepsRunOnTheDeviceAndMatchTheCpu() {
        OpenClBackend cl = ClTestSupport.backend();
        List<float[]> onDevice = train(cl, cl);
        List<float[]> onCpu = train(Backends.scalar(), cl);
        assertTrue(onDevice.get(0)[1] < onDevice.get(0)[0], "loss decreases: " + onDevice.get(0)[0] + " -> " + onDevice.get(0)[1]);
        String[] names = {"losses", "conv1.w", "bn.w", "bn.b", "up.w", "up.b", "out.w", "out.b", "bn.running_mean", "bn.running_var"};
        for (int i = 0; i < onCpu.size(); i++) {
            assertClose(onCpu.get(i), onDevice.get(i), 1e-4f, 1e-3f, names[i]);
        }
    }
}
