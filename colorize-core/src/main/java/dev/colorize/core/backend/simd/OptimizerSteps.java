package dev.colorize.core.backend.simd;

import dev.colorize.core.backend.AdamUpdate;
import dev.colorize.core.backend.CpuStorage;
import dev.colorize.core.backend.OptimizerKernels;
import dev.colorize.core.backend.RmspropUpdate;
import dev.colorize.core.backend.SgdUpdate;
import dev.colorize.core.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused optimizer updates on the Vector API, split across the {@link Parallel} pool in chunks of
 * at least {@link #GRAIN} elements (small tensors run inline). Each lane performs the same float
 * operations in the same order as the reference loops of {@link OptimizerKernels} (which also run
 * the tails), with no fused multiply-add, so the results are bit-identical to the scalar backend.
 */
final class OptimizerSteps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements per parallel task: an update is memory-bound, below that the pool costs more than it saves. */
    private static final int GRAIN = 1 << 16;

    private OptimizerSteps() {
    }

    /** True when every non-null tensor lives in host memory (the kernels here apply). */
    static boolean onHost(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null && !(t.storage() instanceof CpuStorage)) {
                return false;
            }
        }
        return true;
    }

    /** A chunk of an update: elements [from, from + n) of every operand. */
    @FunctionalInterface
    private interface Chunk {
        void run(int from, int n);
    }

    /** Runs {@code chunk} over [0, n) in vector-aligned pieces on the pool. */
    private static void chunked(int n, Chunk chunk) {
        int tasks = Math.max(1, Math.min(Parallel.threads(), n / GRAIN));
        if (tasks == 1) {
            chunk.run(0, n);
            return;
        }
        Parallel.forEach(tasks, t -> {
            int from = bound(n, t, tasks), to = bound(n, t + 1, tasks);
            chunk.run(from, to - from);
        });
    }

    private static int bound(int n, int t, int tasks) {
        return t == tasks ? n : (int) ((long) n * t / tasks) / L * L;
    }

    /** The gradient's elements: its own array when contiguous, else a dense copy. */
    private static float[] gradData(Tensor g) {
        return g.isContiguous() ? data(g) : g.toArray();
    }

    private static int gradOffset(Tensor g) {
        return g.isContiguous() ? g.offset() : 0;
    }

    private static float[] data(Tensor t) {
        return t == null ? null : ((CpuStorage) t.storage()).data();
    }

    private static int offset(Tensor t) {
        return t == null ? 0 : t.offset();
    }

    private static void modified(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null) {
                t.storage().markModified();
            }
        }
    }

    // ---------------------------------------------------------------- Adam

    static void adam(AdamUpdate u, Tensor param, Tensor grad, Tensor m, Tensor v) {
        OptimizerKernels.check("adamStep", param, grad, m, v);
        float[] p = data(param), g = gradData(grad), ma = data(m), va = data(v);
        int po = param.offset(), go = gradOffset(grad), mo = m.offset(), vo = v.offset();
        chunked(param.numel(), (from, n) -> adamLoop(u, p, po + from, g, go + from, ma, mo + from, va, vo + from, n));
        modified(param, m, v);
    }

    private static void adamLoop(AdamUpdate u, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo,
                                 int n) {
        FloatVector b1 = FloatVector.broadcast(S, u.beta1f()), b2 = FloatVector.broadcast(S, u.beta2f());
        FloatVector oneMinusB1 = FloatVector.broadcast(S, u.oneMinusBeta1());
        FloatVector oneMinusB2 = FloatVector.broadcast(S, u.oneMinusBeta2());
        FloatVector wd = FloatVector.broadcast(S, u.l2()), decay = FloatVector.broadcast(S, u.decay());
        FloatVector negStep = FloatVector.broadcast(S, -u.stepSize());
        FloatVector bc2Sqrt = FloatVector.broadcast(S, u.bias2Sqrt()), e = FloatVector.broadcast(S, u.epsf());
        boolean decoupled = u.decoupled(), l2 = u.l2() != 0f;
        int bound = S.loopBound(n);
        int k = 0;
        for (; k < bound; k += L) {
            FloatVector pk = FloatVector.fromArray(S, p, po + k);
            FloatVector gk = FloatVector.fromArray(S, g, go + k);
            if (decoupled) {
                pk = pk.mul(decay);
            } else if (l2) {
                gk = gk.add(wd.mul(pk));
            }
            FloatVector mk = FloatVector.fromArray(S, m, mo + k).mul(b1).add(gk.mul(oneMinusB1));
            FloatVector vk = FloatVector.fromArray(S, v, vo + k).mul(b2).add(oneMinusB2.mul(gk).mul(gk));
            mk.intoArray(m, mo + k);
            vk.intoArray(v, vo + k);
            FloatVector denom = vk.sqrt().div(bc2Sqrt).add(e);
            pk.add(negStep.mul(mk).div(denom)).intoArray(p, po + k);
        }
        OptimizerKernels.adam(u, p, po + k, g, go + k, m, mo + k, v, vo + k, n - k);
    }

    // ---------------------------------------------------------------- RMSprop

    static void rmsprop(RmspropUpdate u, Tensor param, Tensor grad, Tensor sq, Tensor gradAvg, Tensor buf) {
        OptimizerKernels.check("rmspropStep", param, grad, sq, gradAvg, buf);
        OptimizerKernels.checkPresent("rmspropStep", "grad_avg", gradAvg, u.centered());
        OptimizerKernels.checkPresent("rmspropStep", "momentum_buffer", buf, u.hasMomentum());
        float[] p = data(param), g = gradData(grad), sa = data(sq), ga = data(gradAvg), ba = data(buf);
        int po = param.offset(), go = gradOffset(grad), so = sq.offset(), gao = offset(gradAvg), bo = offset(buf);
        chunked(param.numel(), (from, n) -> rmspropLoop(u, p, po + from, g, go + from, sa, so + from, ga, gao + from,
                ba, bo + from, n));
        modified(param, sq, gradAvg, buf);
    }

    private static void rmspropLoop(RmspropUpdate u, float[] p, int po, float[] g, int go, float[] sq, int so,
                                    float[] ga, int gao, float[] buf, int bo, int n) {
        FloatVector a = FloatVector.broadcast(S, u.alphaf()), oneMinusA = FloatVector.broadcast(S, u.oneMinusAlpha());
        FloatVector e = FloatVector.broadcast(S, u.epsf()), wd = FloatVector.broadcast(S, u.weightDecayf());
        FloatVector mom = FloatVector.broadcast(S, u.momentumf()), negLr = FloatVector.broadcast(S, u.negLr());
        FloatVector minusOne = FloatVector.broadcast(S, -1f);
        boolean l2 = u.weightDecayf() != 0f, centered = ga != null, momentum = buf != null;
        int bound = S.loopBound(n);
        int k = 0;
        for (; k < bound; k += L) {
            FloatVector pk = FloatVector.fromArray(S, p, po + k);
            FloatVector gk = FloatVector.fromArray(S, g, go + k);
            if (l2) {
                gk = gk.add(wd.mul(pk));
            }
            FloatVector v = FloatVector.fromArray(S, sq, so + k).mul(a).add(oneMinusA.mul(gk).mul(gk));
            v.intoArray(sq, so + k);
            if (centered) {
                FloatVector mean = FloatVector.fromArray(S, ga, gao + k).mul(a).add(gk.mul(oneMinusA));
                mean.intoArray(ga, gao + k);
                v = v.add(minusOne.mul(mean).mul(mean));
            }
            FloatVector avg = v.sqrt().add(e);
            if (momentum) {
                FloatVector b = FloatVector.fromArray(S, buf, bo + k).mul(mom).add(gk.div(avg));
                b.intoArray(buf, bo + k);
                pk.add(negLr.mul(b)).intoArray(p, po + k);
            } else {
                pk.add(negLr.mul(gk).div(avg)).intoArray(p, po + k);
            }
        }
        OptimizerKernels.rmsprop(u, p, po + k, g, go + k, sq, so + k, ga, gao + k, buf, bo + k, n - k);
    }

    // ---------------------------------------------------------------- SGD

    static void sgd(SgdUpdate u, Tensor param, Tensor grad, Tensor buf) {
        OptimizerKernels.check("sgdStep", param, grad, buf);
        OptimizerKernels.checkPresent("sgdStep", "momentum_buffer", buf, u.hasMomentum());
        float[] p = data(param), g = gradData(grad), ba = data(buf);
        int po = param.offset(), go = gradOffset(grad), bo = offset(buf);
        chunked(param.numel(), (from, n) -> sgdLoop(u, p, po + from, g, go + from, ba, bo + from, n));
        modified(param, buf);
    }

    private static void sgdLoop(SgdUpdate u, float[] p, int po, float[] g, int go, float[] buf, int bo, int n) {
        FloatVector wd = FloatVector.broadcast(S, u.weightDecayf()), mom = FloatVector.broadcast(S, u.momentumf());
        FloatVector keep = FloatVector.broadcast(S, u.keep()), negLr = FloatVector.broadcast(S, u.negLr());
        boolean l2 = u.weightDecayf() != 0f, momentum = buf != null, first = u.firstStep(), nesterov = u.nesterov();
        int bound = S.loopBound(n);
        int k = 0;
        for (; k < bound; k += L) {
            FloatVector pk = FloatVector.fromArray(S, p, po + k);
            FloatVector d = FloatVector.fromArray(S, g, go + k);
            if (l2) {
                d = d.add(wd.mul(pk));
            }
            if (momentum) {
                FloatVector b = first ? d : FloatVector.fromArray(S, buf, bo + k).mul(mom).add(keep.mul(d));
                b.intoArray(buf, bo + k);
                d = nesterov ? d.add(mom.mul(b)) : b;
            }
            pk.add(negLr.mul(d)).intoArray(p, po + k);
        }
        OptimizerKernels.sgd(u, p, po + k, g, go + k, buf, bo + k, n - k);
    }
}
