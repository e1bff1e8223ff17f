package dev.colorize.nn.optim;

import dev.colorize.core.backend.RmspropUpdate;
import dev.colorize.core.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop as in PyTorch ({@code torch.optim.RMSprop}), <b>eps outside the square root</b> (unlike
 * TensorFlow):
 * <pre>
 *   g += weight_decay * p
 *   v = alpha * v + (1 - alpha) * g * g
 *   avg = sqrt(v - mean_g²) + eps        (centered: mean_g = alpha * mean_g + (1 - alpha) * g; else mean_g = 0)
 *   momentum > 0:  buf = momentum * buf + g / avg;  p -= lr * buf
 *   otherwise:     p -= lr * g / avg
 * </pre>
 * State {@code square_avg}, plus {@code grad_avg} (centered) and {@code momentum_buffer} (momentum).
 *
 * <pre>{@code
 * RMSprop critic = RMSprop.builder(d.parameters()).lr(5e-5).build();   // WGAN
 * }</pre>
 */
public final class RMSprop extends Optimizer {
    private double alpha;
    private double eps;
    private double weightDecay;
    private double momentum;
    private boolean centered;

    private RMSprop(List<Tensor> params, double lr, double alpha, double eps, double weightDecay, double momentum,
                    boolean centered) {
        super(params, lr);
        checkUnit("alpha", alpha);
        checkNonNegative("eps", eps);
        checkNonNegative("weight_decay", weightDecay);
        checkNonNegative("momentum", momentum);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    /** Defaults as PyTorch: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, momentum 0, not centered. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        RmspropUpdate u = new RmspropUpdate(lr, alpha, eps, weightDecay, momentum, centered);
        param.backend().rmspropStep(u, param, grad, buffer(index, "square_avg"),
                centered ? buffer(index, "grad_avg") : null, u.hasMomentum() ? buffer(index, "momentum_buffer") : null);
    }

    @Override
    protected Map<String, Double> hyperParameters() {
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("alpha", alpha);
        h.put("eps", eps);
        h.put("weight_decay", weightDecay);
        h.put("momentum", momentum);
        h.put("centered", centered ? 1.0 : 0.0);
        return h;
    }

    @Override
    protected void setHyperParameter(String name, double value) {
        switch (name) {
            case "alpha": alpha = value; break;
            case "eps": eps = value; break;
            case "weight_decay": weightDecay = value; break;
            case "momentum": momentum = value; break;
            case "centered": centered = value != 0; break;
            default: throw new IllegalArgumentException("RMSprop: unknown hyper-parameter " + name);
        }
    }

    /** Fluent construction. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-2;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;

        Builder(List<Tensor> params) {
            this.params = params;
        }

        public Builder lr(double v) { lr = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder eps(double v) { eps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder centered(boolean v) { centered = v; return this; }

        public RMSprop build() {
            return new RMSprop(params, lr, alpha, eps, weightDecay, momentum, centered);
        }
    }
}
