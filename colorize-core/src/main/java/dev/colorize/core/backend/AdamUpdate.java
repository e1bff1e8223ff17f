package dev.colorize.core.backend;

/**
 * The hyper-parameters of one fused Adam / AdamW step ({@link Backend#adamStep}), as PyTorch 1.13's
 * {@code torch.optim.Adam}: the optimizer keeps doubles, and every backend derives the same float
 * constants from them through the accessors below (bias corrections in double), so the kernels of
 * all backends agree with the scalar reference.
 *
 * <pre>{@code
 * backend.adamStep(new AdamUpdate(2e-4, 0.5, 0.999, 1e-8, 0, false, step), p, p.grad(), m, v);
 * }</pre>
 *
 * @param decoupled AdamW: {@code p *= 1 - lr * weightDecay} instead of adding {@code weightDecay * p} to the gradient
 * @param step      this parameter's step count, from 1
 */
public record AdamUpdate(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                         long step) {
    public AdamUpdate {
        if (step < 1) {
            throw new IllegalArgumentException("adamStep: step count must be >= 1, got " + step);
        }
    }

    public float beta1f() {
        return (float) beta1;
    }

    public float beta2f() {
        return (float) beta2;
    }

    public float oneMinusBeta1() {
        return (float) (1 - beta1);
    }

    public float oneMinusBeta2() {
        return (float) (1 - beta2);
    }

    public float epsf() {
        return (float) eps;
    }

    /** The L2 decay added to the gradient: 0 for the decoupled variant. */
    public float l2() {
        return decoupled ? 0f : (float) weightDecay;
    }

    /** The decoupled decay factor {@code 1 - lr * weightDecay} (1 for plain Adam). */
    public float decay() {
        return decoupled ? (float) (1 - lr * weightDecay) : 1f;
    }

    /** {@code lr / (1 - beta1^step)}, computed in double. */
    public float stepSize() {
        return (float) (lr / (1 - Math.pow(beta1, step)));
    }

    /** {@code sqrt(1 - beta2^step)}, computed in double. */
    public float bias2Sqrt() {
        return (float) Math.sqrt(1 - Math.pow(beta2, step));
    }
}
