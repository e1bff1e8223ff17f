package dev.colorize.nn.optim;

import dev.colorize.core.backend.Backend;
import dev.colorize.core.backend.Backends;
import dev.colorize.core.backend.simd.VectorBackend;
import dev.colorize.core.tensor.Rng;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.StateDict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {

    private static Tensor param(float... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    private static void grad(Tensor p, float... g) {
        p.setGrad(Tensor.of(g, g.length));
    }

    @Test
    void sgdMomentumBufferStartsAsTheFirstGradient() {
        Tensor p = param(1f);
        SGD sgd = SGD.builder(List.of(p)).lr(0.1).momentum(0.9).build();
        grad(p, 1f);
        sgd.step();
        assertEquals(0.9f, p.item(), 1e-7);
        sgd.step();
        assertEquals(0.9f - 0.1f * 1.9f, p.item(), 1e-7);

        Tensor q = param(1f);
        SGD nesterov = SGD.builder(List.of(q)).lr(0.1).momentum(0.9).nesterov(true).build();
        grad(q, 1f);
        nesterov.step();
        assertEquals(1f - 0.1f * 1.9f, q.item(), 1e-7);

        Tensor r = param(2f);
        SGD decay = SGD.builder(List.of(r)).lr(0.5).weightDecay(0.1).build();
        grad(r, 0f);
        decay.step();
        assertEquals(2f - 0.5f * 0.2f, r.item(), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> SGD.builder(List.of(r)).nesterov(true).build());
    }

    @Test
    void adamFirstStepMovesByLr() {
        Tensor p = param(1f, -2f);
        Adam adam = Adam.builder(List.of(p)).lr(0.01).betas(0.5, 0.999).build();
        grad(p, 3f, -0.5f);
        adam.step();
        // m_hat = g, v_hat = g^2 after bias correction: the step is lr * sign(g) (up to eps)
        assertArrayEquals(new float[] {0.99f, -1.99f}, p.toArray(), 1e-6f);
        assertEquals(1, adam.stepCount(0));

        Tensor w = param(1f);
        Adam adamw = AdamW.builder(List.of(w)).lr(0.1).weightDecay(0.5).build();
        grad(w, 0f);
        adamw.step();
        assertEquals(1f - 0.1f * 0.5f, w.item(), 1e-6, "decoupled decay only, the Adam step of a zero gradient is 0");
    }

    @Test
    void rmspropUsesEpsOutsideTheSqrt() {
        Tensor p = param(0f);
        RMSprop rms = RMSprop.builder(List.of(p)).lr(0.1).eps(0.5).build();
        grad(p, 2f);
        rms.step();
        double v = 0.01 * 4;
        assertEquals(-0.1 * 2 / (Math.sqrt(v) + 0.5), p.item(), 1e-6);
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor a = param(1f);
        Tensor b = param(1f);
        Adam adam = Adam.builder(List.of(a, b)).build();
        grad(a, 1f);
        adam.step();
        assertEquals(1f, b.item());
        assertEquals(0, adam.stepCount(1));
        StateDict sd = adam.stateDict();
        assertTrue(sd.contains("state.0.exp_avg"));
        assertNull(sd.get("state.1.exp_avg"));
    }

    /** Two steps, snapshot, then a third step: a restored copy must give bit-identical parameters. */
    private static void assertExactResume(Function<List<Tensor>, Optimizer> make) {
        Rng rng = new Rng(3);
        Tensor p = Tensor.randn(rng, 3, 4).requiresGrad(true);
        Tensor[] grads = {Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 4)};
        Optimizer opt = make.apply(List.of(p));
        for (int i = 0; i < 2; i++) {
            p.setGrad(grads[i]);
            opt.step();
        }
        StateDict saved = opt.stateDict().copy();
        Tensor q = Tensor.of(p.toArray(), 3, 4).requiresGrad(true);
        Optimizer restored = make.apply(List.of(q));
        restored.setLr(123);
        restored.loadStateDict(saved);
        assertEquals(opt.lr(), restored.lr());
        p.setGrad(grads[2]);
        q.setGrad(grads[2]);
        opt.step();
        restored.step();
        assertArrayEquals(p.toArray(), q.toArray(), opt.name());
        assertTrue(opt.stateDict().bitEquals(restored.stateDict()), opt.name());
        assertEquals(3f, restored.stateDict().get("state.0.step").item());
        assertTrue(restored.stateDict().isInteger("state.0.step"));
    }

    @Test
    void stateDictsResumeExactly() {
        assertExactResume(ps -> Adam.builder(ps).lr(2e-4).betas(0.5, 0.999).weightDecay(0.1).build());
        assertExactResume(ps -> AdamW.builder(ps).lr(1e-3).build());
        assertExactResume(ps -> RMSprop.builder(ps).lr(5e-5).momentum(0.5).centered(true).build());
        assertExactResume(ps -> SGD.builder(ps).lr(0.01).momentum(0.9).nesterov(true).build());
        Tensor p = param(1f);
        Adam adam = Adam.builder(List.of(p)).build();
        SGD sgd = SGD.builder(List.of(p)).build();
        assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(adam.stateDict()));
        Adam two = Adam.builder(List.of(p, param(2f))).build();
        assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(two.stateDict()));
    }

    /** Three steps of {@code make} on the given CPU kernel set: the final parameter and state dict. */
    private static StateDict trajectory(Backend kernels, Function<List<Tensor>, Optimizer> make, List<float[]> params) {
        Backend previous = Backends.cpu();
        Backends.setCpu(kernels);
        try {
            Rng rng = new Rng(11);
            Tensor p = Tensor.randn(rng, 5, 37).requiresGrad(true);
            Optimizer opt = make.apply(List.of(p));
            for (int i = 0; i < 3; i++) {
                p.setGrad(Tensor.randn(rng, 5, 37));
                opt.step();
            }
            params.add(p.toArray());
            return opt.stateDict();
        } finally {
            Backends.setCpu(previous);
        }
    }

    @Test
    void bothCpuKernelSetsGiveBitIdenticalSteps() {
        List<Function<List<Tensor>, Optimizer>> makers = List.of(
                ps -> Adam.builder(ps).lr(2e-3).weightDecay(0.1).build(),
                ps -> AdamW.builder(ps).lr(1e-3).build(),
                ps -> RMSprop.builder(ps).lr(1e-3).momentum(0.5).centered(true).weightDecay(0.01).build(),
                ps -> SGD.builder(ps).lr(0.01).momentum(0.9).dampening(0.1).build());
        for (Function<List<Tensor>, Optimizer> make : makers) {
            List<float[]> params = new java.util.ArrayList<>();
            StateDict scalar = trajectory(Backends.scalar(), make, params);
            StateDict vector = trajectory(new VectorBackend(), make, params);
            assertArrayEquals(params.get(0), params.get(1), scalar.metadata().get("optimizer"));
            assertTrue(scalar.bitEquals(vector), scalar.metadata().get("optimizer"));
        }
    }

    @Test
    void stateBuffersAreTensorsOnTheParameterBackendAndTheStateDictCopiesThem() {
        Tensor p = param(1f, 2f);
        Adam adam = Adam.builder(List.of(p)).build();
        grad(p, 0.5f, -1f);
        adam.step();
        Tensor m = adam.existingBuffer(0, "exp_avg");
        assertSame(p.backend(), m.backend());
        assertArrayEquals(new float[] {0.05f, -0.1f}, m.toArray(), 1e-7f);
        StateDict sd = adam.stateDict();
        assertNotSame(m.storage(), sd.get("state.0.exp_avg").storage());
        adam.loadStateDict(sd);
        assertNotSame(sd.get("state.0.exp_avg").storage(), adam.existingBuffer(0, "exp_avg").storage());
        assertArrayEquals(m.toArray(), adam.existingBuffer(0, "exp_avg").toArray());
    }

    @Test
    void clipping() {
        Tensor a = param(0.5f, -0.02f, 0.001f);
        Clipping.clampWeights(List.of(a), -0.01f, 0.01f);
        assertArrayEquals(new float[] {0.01f, -0.01f, 0.001f}, a.toArray());

        Tensor b = param(0f, 0f);
        Tensor c = param(0f);
        grad(b, 3f, 0f);
        grad(c, 4f);
        double norm = Clipping.clipGradNorm(List.of(b, c), 1.0);
        assertEquals(5.0, norm, 1e-9);
        assertArrayEquals(new float[] {0.6f, 0f}, b.grad().toArray(), 1e-6f);
        assertArrayEquals(new float[] {0.8f}, c.grad().toArray(), 1e-6f);
        assertEquals(1.0, Clipping.clipGradNorm(List.of(b, c), 2.0), 1e-6);
        assertArrayEquals(new float[] {0.8f}, c.grad().toArray(), 1e-6f, "under the bound: unchanged");
        Clipping.clipGradValue(List.of(b, c), 0.7f);
        assertArrayEquals(new float[] {0.7f}, c.grad().toArray());
        grad(c, Float.NaN);
        assertThrows(ArithmeticException.class, () -> Clipping.clipGradNorm(List.of(c), 1.0));
    }

    @Test
    void learningRateSchedules() {
        LrSchedule linear = LrSchedule.linearDecay(3, 4);
        assertEquals(1.0, linear.factor(0));
        assertEquals(1.0, linear.factor(1));
        assertEquals(1.0 - 1 / 5.0, linear.factor(3), 1e-12);
        assertEquals(1.0 - 4 / 5.0, linear.factor(6), 1e-12);
        assertEquals(0.0, linear.factor(100));
        LrSchedule step = LrSchedule.step(2, 0.5);
        assertEquals(1.0, step.factor(1));
        assertEquals(0.25, step.factor(5));
        Tensor p = param(1f);
        SGD sgd = SGD.builder(List.of(p)).lr(0.1).build();
        LrScheduler sched = new LrScheduler(sgd, step);
        sched.step();
        sched.step();
        assertEquals(0.05, sgd.lr(), 1e-12);
        sched.setCount(4);
        assertEquals(0.025, sgd.lr(), 1e-12);
        assertEquals(0.1, sched.baseLr());
        assertEquals(1.0, LrSchedule.constant().factor(1000));
    }
}
