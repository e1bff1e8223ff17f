package dev.colorize.core.backend;

import dev.colorize.core.tensor.Tensor;

import java.util.Arrays;

/**
 * The reference optimizer updates: one fused loop per optimizer over float arrays, in the exact
 * float operation order that {@code colorize-nn}'s optimizers have always used (no fused
 * multiply-add). The Vector API kernels call these loops for their tails and match them bit for
 * bit; {@link Backend}'s default methods run them on any storage through host copies.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {
    }

    /** Adam / AdamW over {@code n} elements: {@code p[po+k]}, {@code m[mo+k]}, {@code v[vo+k]} in place, {@code g} read only. */
    public static void adam(AdamUpdate u, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n) {
        float b1 = u.beta1f(), b2 = u.beta2f(), oneMinusB1 = u.oneMinusBeta1(), oneMinusB2 = u.oneMinusBeta2();
        float wd = u.l2(), decay = u.decay(), stepSize = u.stepSize(), bc2Sqrt = u.bias2Sqrt(), e = u.epsf();
        boolean decoupled = u.decoupled();
        for (int k = 0; k < n; k++) {
            float pk = p[po + k];
            float gk = g[go + k];
            if (decoupled) {
                pk *= decay;
            } else if (wd != 0f) {
                gk += wd * pk;
            }
            float mk = m[mo + k] * b1 + gk * oneMinusB1;
            float vk = v[vo + k] * b2 + oneMinusB2 * gk * gk;
            m[mo + k] = mk;
            v[vo + k] = vk;
            float denom = (float) Math.sqrt(vk) / bc2Sqrt + e;
            p[po + k] = pk + -stepSize * mk / denom;
        }
    }

    /**
     * RMSprop over {@code n} elements; {@code ga} (centered) and {@code buf} (momentum) are null when
     * the update has no such state.
     */
    public static void rmsprop(RmspropUpdate u, float[] p, int po, float[] g, int go, float[] sq, int so,
                               float[] ga, int gao, float[] buf, int bo, int n) {
        float a = u.alphaf(), oneMinusA = u.oneMinusAlpha(), e = u.epsf(), wd = u.weightDecayf();
        float mom = u.momentumf(), negLr = u.negLr();
        for (int k = 0; k < n; k++) {
            float pk = p[po + k];
            float gk = g[go + k];
            if (wd != 0f) {
                gk += wd * pk;
            }
            float v = sq[so + k] * a + oneMinusA * gk * gk;
            sq[so + k] = v;
            if (ga != null) {
                float mean = ga[gao + k] * a + gk * oneMinusA;
                ga[gao + k] = mean;
                v = v + -1f * mean * mean;
            }
            float avg = (float) Math.sqrt(v) + e;
            if (buf != null) {
                float b = buf[bo + k] * mom + gk / avg;
                buf[bo + k] = b;
                p[po + k] = pk + negLr * b;
            } else {
                p[po + k] = pk + negLr * gk / avg;
            }
        }
    }

    /** SGD over {@code n} elements; {@code buf} is null without momentum. */
    public static void sgd(SgdUpdate u, float[] p, int po, float[] g, int go, float[] buf, int bo, int n) {
        float wd = u.weightDecayf(), mom = u.momentumf(), keep = u.keep(), negLr = u.negLr();
        boolean first = u.firstStep(), nesterov = u.nesterov();
        for (int k = 0; k < n; k++) {
            float pk = p[po + k];
            float d = g[go + k];
            if (wd != 0f) {
                d += wd * pk;
            }
            if (buf != null) {
                float b = first ? d : buf[bo + k] * mom + keep * d;
                buf[bo + k] = b;
                d = nesterov ? d + mom * b : b;
            }
            p[po + k] = pk + negLr * d;
        }
    }

    // ---------------------------------------------------------------- checks shared by every backend

    /**
     * Checks the tensors of an optimizer step: {@code param} and the non-null {@code state} tensors
     * contiguous and of param's shape, {@code grad} of param's shape (any strides).
     */
    public static void check(String op, Tensor param, Tensor grad, Tensor... state) {
        if (!param.isContiguous()) {
            throw new IllegalArgumentException(op + ": parameter " + param + " is not contiguous");
        }
        if (!Arrays.equals(grad.shape(), param.shape())) {
            throw new IllegalArgumentException(op + ": gradient shape " + Arrays.toString(grad.shape())
                    + " differs from parameter shape " + Arrays.toString(param.shape()));
        }
        for (Tensor s : state) {
            if (s != null && (!s.isContiguous() || !Arrays.equals(s.shape(), param.shape()))) {
                throw new IllegalArgumentException(op + ": state " + s + " must be contiguous of parameter shape "
                        + Arrays.toString(param.shape()));
            }
        }
    }

    /** Checks that an optional state tensor is present exactly when the update needs it. */
    public static void checkPresent(String op, String name, Tensor t, boolean needed) {
        if ((t != null) != needed) {
            throw new IllegalArgumentException(op + ": state " + name + (needed ? " missing" : " given but unused"));
        }
    }

    // ---------------------------------------------------------------- host-copy defaults of Backend

    static void adamOnHost(AdamUpdate u, Tensor param, Tensor grad, Tensor m, Tensor v) {
        check("adamStep", param, grad, m, v);
        HostArray pa = HostArray.of(param), ga = HostArray.of(grad), ma = HostArray.of(m), va = HostArray.of(v);
        adam(u, pa.data, pa.offset, ga.data, ga.offset, ma.data, ma.offset, va.data, va.offset, param.numel());
        pa.commit();
        ma.commit();
        va.commit();
    }

    static void rmspropOnHost(RmspropUpdate u, Tensor param, Tensor grad, Tensor sq, Tensor gradAvg, Tensor buf) {
        check("rmspropStep", param, grad, sq, gradAvg, buf);
        checkPresent("rmspropStep", "grad_avg", gradAvg, u.centered());
        checkPresent("rmspropStep", "momentum_buffer", buf, u.hasMomentum());
        HostArray pa = HostArray.of(param), ga = HostArray.of(grad), sa = HostArray.of(sq);
        HostArray aa = HostArray.ofNullable(gradAvg), ba = HostArray.ofNullable(buf);
        rmsprop(u, pa.data, pa.offset, ga.data, ga.offset, sa.data, sa.offset, aa == null ? null : aa.data,
                aa == null ? 0 : aa.offset, ba == null ? null : ba.data, ba == null ? 0 : ba.offset, param.numel());
        pa.commit();
        sa.commit();
        HostArray.commit(aa);
        HostArray.commit(ba);
    }

    static void sgdOnHost(SgdUpdate u, Tensor param, Tensor grad, Tensor buf) {
        check("sgdStep", param, grad, buf);
        checkPresent("sgdStep", "momentum_buffer", buf, u.hasMomentum());
        HostArray pa = HostArray.of(param), ga = HostArray.of(grad), ba = HostArray.ofNullable(buf);
        sgd(u, pa.data, pa.offset, ga.data, ga.offset, ba == null ? null : ba.data, ba == null ? 0 : ba.offset, param.numel());
        pa.commit();
        HostArray.commit(ba);
    }

    /**
     * A tensor's elements as a host array: the CPU storage's own array when contiguous (no copy),
     * otherwise a copy in row-major order that {@link #commit} writes back (contiguous tensors only).
     */
    private static final class HostArray {
        final float[] data;
        final int offset;
        private final Tensor tensor;
        private final boolean direct;

        private HostArray(Tensor tensor, float[] data, int offset, boolean direct) {
            this.tensor = tensor;
            this.data = data;
            this.offset = offset;
            this.direct = direct;
        }

        static HostArray of(Tensor t) {
            if (t.isContiguous() && t.storage() instanceof CpuStorage cpu) {
                return new HostArray(t, cpu.data(), t.offset(), true);
            }
            return new HostArray(t, t.toArray(), 0, false);
        }

        static HostArray ofNullable(Tensor t) {
            return t == null ? null : of(t);
        }

        static void commit(HostArray a) {
            if (a != null) {
                a.commit();
            }
        }

        /** Writes a copy back (checked contiguous by the caller) and marks the storage modified. */
        void commit() {
            if (direct) {
                tensor.storage().markModified();
            } else {
                tensor.storage().write(tensor.offset(), data);
            }
        }
    }
}
