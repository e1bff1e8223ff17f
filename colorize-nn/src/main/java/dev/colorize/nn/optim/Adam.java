package dev.colorize.nn.optim;

import dev.colorize.core.backend.AdamUpdate;
import dev.colorize.core.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam as in PyTorch 1.13 ({@code torch.optim.Adam}, and {@link AdamW} for decoupled decay):
 * <pre>
 *   g += weight_decay * p                      (L2; AdamW instead: p *= 1 - lr * weight_decay)
 *   m = b1 * m + (1 - b1) * g
 *   v = b2 * v + (1 - b2) * g * g
 *   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Bias corrections in double, eps added after the division; state {@code exp_avg}, {@code exp_avg_sq}.
 * One fused {@link dev.colorize.core.backend.Backend#adamStep} kernel per parameter.
 *
 * <pre>{@code
 * Adam g = Adam.builder(generator.parameters()).lr(2e-4).betas(0.5, 0.999).build();
 * }</pre>
 */
public class Adam extends Optimizer {
    private double beta1;
    private double beta2;
    private double eps;
    private double weightDecay;
    private final boolean decoupled;

    Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params, lr);
        checkUnit("beta1", beta1);
        checkUnit("beta2", beta2);
        checkNonNegative("eps", eps);
        checkNonNegative("weight_decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** Defaults as PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params, false);
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        param.backend().adamStep(new AdamUpdate(lr, beta1, beta2, eps, weightDecay, decoupled, step), param, grad,
                buffer(index, "exp_avg"), buffer(index, "exp_avg_sq"));
    }

    @Override
    protected Map<String, Double> hyperParameters() {
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("beta1", beta1);
        h.put("beta2", beta2);
        h.put("eps", eps);
        h.put("weight_decay", weightDecay);
        return h;
    }

    @Override
    protected void setHyperParameter(String name, double value) {
        switch (name) {
            case "beta1": beta1 = value; break;
            case "beta2": beta2 = value; break;
            case "eps": eps = value; break;
            case "weight_decay": weightDecay = value; break;
            default: throw new IllegalArgumentException(name() + ": unknown hyper-parameter " + name);
        }
    }

    public final double beta1() { return beta1; }
    public final double beta2() { return beta2; }
    public final double eps() { return eps; }
    public final double weightDecay() { return weightDecay; }

    /** Fluent construction of {@link Adam} or {@link AdamW}. */
    public static final class Builder {
        private final List<Tensor> params;
        private final boolean decoupled;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;

        Builder(List<Tensor> params, boolean decoupled) {
            this.params = params;
            this.decoupled = decoupled;
            this.weightDecay = decoupled ? 1e-2 : 0;
        }

        public Builder lr(double v) { lr = v; return this; }
        public Builder betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }

        public Adam build() {
            return decoupled ? new AdamW(params, lr, beta1, beta2, eps, weightDecay)
                    : new Adam(params, lr, beta1, beta2, eps, weightDecay, false);
        }
    }

    static Builder decoupledBuilder(List<Tensor> params) {
        return new Builder(params, true);
    }
}
