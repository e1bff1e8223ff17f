package dev.colorize.opencl;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.StateDict;
import dev.colorize.nn.optim.Adam;
import dev.colorize.nn.optim.AdamW;
import dev.colorize.nn.optim.Clipping;
import dev.colorize.nn.optim.Optimizer;
import dev.colorize.nn.optim.RMSprop;
import dev.colorize.nn.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static dev.colorize.opencl.ClTestSupport.assertClose;
import static dev.colorize.opencl.ClTestSupport.host;
import static dev.colorize.opencl.ClTestSupport.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * colorize-nn's optimizers on device-resident parameters: the same trajectories and state dicts as
 * on the CPU over several steps (one gradient strided), no device-to-host read during
 * {@code step()}, exact resume from a CPU state dict, and clipping without gradient read-backs.
 */
class OptimizerStepTest {
    private static final int[][] SHAPES = {{3, 5, 7}, {1}, {13}};
    private static final int STEPS = 4;
    private static final Map<String, Function<List<Tensor>, Optimizer>> OPTIMIZERS = Map.of(
            "adam", ps -> Adam.builder(ps).lr(2e-3).betas(0.5, 0.999).weightDecay(0.05).build(),
            "adamw", ps -> AdamW.builder(ps).lr(1e-2).weightDecay(0.1).build(),
            "rmsprop", ps -> RMSprop.builder(ps).lr(5e-3).build(),
            "rmsprop centered momentum", ps -> RMSprop.builder(ps).lr(1e-3).alpha(0.9).centered(true).momentum(0.5)
                    .weightDecay(0.01).build(),
            "sgd", ps -> SGD.builder(ps).lr(0.1).build(),
            "sgd nesterov", ps -> SGD.builder(ps).lr(0.05).momentum(0.9).nesterov(true).build(),
            "sgd dampening", ps -> SGD.builder(ps).lr(0.05).momentum(0.8).dampening(0.3).weightDecay(0.02).build());

    /** The parameters (seeded) on {@code b}. */
    private static List<Tensor> params(Backend b, OpenClBackend cl) {
        Random r = new Random(5);
        List<Tensor> ps = new ArrayList<>();
        for (int[] shape : SHAPES) {
            Tensor h = host(randn(r, ClTestSupport.numel(shape)), shape);
            ps.add((b == cl ? cl.toDevice(h) : h).requiresGrad(true));
        }
        return ps;
    }

    /** Sets seeded gradients for step {@code step}; the first parameter's is a transposed (strided) view. */
    private static void setGrads(List<Tensor> ps, int step, OpenClBackend cl) {
        Random r = new Random(100 + step);
        for (int i = 0; i < ps.size(); i++) {
            Tensor p = ps.get(i);
            int[] shape = p.shape();
            Tensor g;
            if (i == 0) {
                int[] t = {shape[0], shape[2], shape[1]};
                g = host(randn(r, p.numel()), t).transpose(1, 2);
            } else {
                g = host(randn(r, p.numel()), shape);
            }
            if (p.backend() == cl) {
                g = i == 0 ? cl.toDevice(g.transpose(1, 2).contiguous()).transpose(1, 2) : cl.toDevice(g);
            }
            p.setGrad(g);
        }
    }

    /** Runs the steps; on the device asserts that no step reads back. Returns the final state dict. */
    private static StateDict run(Function<List<Tensor>, Optimizer> make, List<Tensor> ps, OpenClBackend cl, String what) {
        Optimizer opt = make.apply(ps);
        for (int step = 1; step <= STEPS; step++) {
            setGrads(ps, step, cl);
            long reads = cl.cl().reads.get(), launches = cl.cl().launches.get();
            opt.step();
            if (ps.get(0).backend() == cl) {
                assertEquals(reads, cl.cl().reads.get(), what + ": step " + step + " read from the device");
                assertTrue(cl.cl().launches.get() >= launches + ps.size(), what + ": the update ran on the device");
            }
        }
        return opt.stateDict();
    }

    @Test
    void everyOptimizerMatchesTheCpuWithoutReadingBack() {
        OpenClBackend cl = ClTestSupport.backend();
        for (Map.Entry<String, Function<List<Tensor>, Optimizer>> e : OPTIMIZERS.entrySet()) {
            String what = e.getKey();
            List<Tensor> onCpu = params(Backends.cpu(), cl), onDevice = params(cl, cl);
            StateDict cpuState = run(e.getValue(), onCpu, cl, what);
            StateDict deviceState = run(e.getValue(), onDevice, cl, what);
            for (int i = 0; i < onCpu.size(); i++) {
                assertSame(cl, onDevice.get(i).backend(), what);
                assertClose(onCpu.get(i).toArray(), onDevice.get(i).toArray(), 1e-6f, 1e-5f, what + " param " + i);
            }
            assertEquals(cpuState.keys(), deviceState.keys(), what);
            assertEquals(cpuState.metadata(), deviceState.metadata(), what);
            for (String k : cpuState.keys()) {
                assertArrayEquals(cpuState.get(k).shape(), deviceState.get(k).shape(), what + " " + k);
                assertClose(cpuState.get(k).toArray(), deviceState.get(k).toArray(), 1e-6f, 1e-5f, what + " " + k);
            }
        }
    }

    @Test
    void aCpuStateDictResumesOnTheDevice() {
        OpenClBackend cl = ClTestSupport.backend();
        Function<List<Tensor>, Optimizer> make = OPTIMIZERS.get("rmsprop centered momentum");
        List<Tensor> onCpu = params(Backends.cpu(), cl);
        Optimizer cpu = make.apply(onCpu);
        setGrads(onCpu, 1, cl);
        cpu.step();
        List<Tensor> onDevice = new ArrayList<>();
        for (Tensor p : onCpu) {
            onDevice.add(cl.toDevice(p).requiresGrad(true));
        }
        Optimizer device = make.apply(onDevice);
        device.loadStateDict(cpu.stateDict());
        setGrads(onCpu, 2, cl);
        setGrads(onDevice, 2, cl);
        long reads = cl.cl().reads.get();
        cpu.step();
        device.step();
        assertEquals(reads, cl.cl().reads.get(), "the resumed step read from the device");
        for (int i = 0; i < onCpu.size(); i++) {
            assertClose(onCpu.get(i).toArray(), onDevice.get(i).toArray(), 1e-6f, 1e-5f, "resumed param " + i);
        }
        assertEquals(2f, device.stateDict().get("state.0.step").item());
    }

    @Test
    void clippingReadsAtMostTheNorm() {
        OpenClBackend cl = ClTestSupport.backend();
        List<Tensor> onCpu = params(Backends.cpu(), cl), onDevice = params(cl, cl);
        setGrads(onCpu, 1, cl);
        setGrads(onDevice, 1, cl);
        long reads = cl.cl().reads.get();
        Clipping.clampWeights(onDevice, -0.5f, 0.7f);
        Clipping.clipGradValue(onDevice, 1.5f);
        assertEquals(reads, cl.cl().reads.get(), "weight and value clipping read from the device");
        double deviceNorm = Clipping.clipGradNorm(onDevice, 2.0);
        assertEquals(reads + 1, cl.cl().reads.get(), "clipGradNorm reads the norm only");
        Clipping.clampWeights(onCpu, -0.5f, 0.7f);
        Clipping.clipGradValue(onCpu, 1.5f);
        double cpuNorm = Clipping.clipGradNorm(onCpu, 2.0);
        assertTrue(cpuNorm > 2.0, "the test clips: norm " + cpuNorm);
        assertEquals(cpuNorm, deviceNorm, 1e-5 * cpuNorm);
        for (int i = 0; i < onCpu.size(); i++) {
            assertSame(cl, onDevice.get(i).grad().backend());
            assertClose(onCpu.get(i).toArray(), onDevice.get(i).toArray(), 0f, 0f, "clamped param " + i);
            assertClose(onCpu.get(i).grad().toArray(), onDevice.get(i).grad().toArray(), 1e-6f, 1e-5f, "clipped grad " + i);
        }
    }
}
