package dev.colorize.nn.optim;

import dev.colorize.core.backend.SgdUpdate;
import dev.colorize.core.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent as in PyTorch ({@code torch.optim.SGD}):
 * <pre>
 *   d = g + weight_decay * p
 *   buf = d at the first step, then momentum * buf + (1 - dampening) * d
 *   d = nesterov ? d + momentum * buf : buf          (when momentum != 0)
 *   p -= lr * d
 * </pre>
 * State {@code momentum_buffer} (only with momentum).
 *
 * <pre>{@code
 * SGD opt = SGD.builder(params).lr(0.01).momentum(0.9).nesterov(true).build();
 * }</pre>
 */
public final class SGD extends Optimizer {
    private double momentum;
    private double dampening;
    private double weightDecay;
    private boolean nesterov;

    private SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr);
        checkNonNegative("momentum", momentum);
        checkNonNegative("weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: nesterov momentum requires a momentum and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /** Defaults: lr 1e-3 (PyTorch has no default), no momentum, dampening, weight decay or nesterov. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        boolean first = existingBuffer(index, "momentum_buffer") == null;
        SgdUpdate u = new SgdUpdate(lr, momentum, dampening, weightDecay, nesterov, first);
        param.backend().sgdStep(u, param, grad, u.hasMomentum() ? buffer(index, "momentum_buffer") : null);
    }

    @Override
    protected Map<String, Double> hyperParameters() {
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("momentum", momentum);
        h.put("dampening", dampening);
        h.put("weight_decay", weightDecay);
        h.put("nesterov", nesterov ? 1.0 : 0.0);
        return h;
    }

    @Override
    protected void setHyperParameter(String name, double value) {
        switch (name) {
            case "momentum": momentum = value; break;
            case "dampening": dampening = value; break;
            case "weight_decay": weightDecay = value; break;
            case "nesterov": nesterov = value != 0; break;
            default: throw new IllegalArgumentException("SGD: unknown hyper-parameter " + name);
        }
    }

    /** Fluent construction. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-3;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;

        Builder(List<Tensor> params) {
            this.params = params;
        }

        public Builder lr(double v) { lr = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder dampening(double v) { dampening = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder nesterov(boolean v) { nesterov = v; return this; }

        public SGD build() {
            return new SGD(params, lr, momentum, dampening, weightDecay, nesterov);
        }
    }
}
