package dev.colorize.core.backend;

/**
 * The hyper-parameters of one fused RMSprop step ({@link Backend#rmspropStep}), as PyTorch's
 * {@code torch.optim.RMSprop} (eps outside the square root). The float constants every backend
 * uses come from the accessors below.
 *
 * @param centered   subtract the squared running mean of the gradient (state {@code grad_avg})
 * @param momentum   when {@code > 0}, a momentum buffer accumulates {@code g / avg}
 */
public record RmspropUpdate(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {

    public float alphaf() {
        return (float) alpha;
    }

    public float oneMinusAlpha() {
        return (float) (1 - alpha);
    }

    public float epsf() {
        return (float) eps;
    }

    public float weightDecayf() {
        return (float) weightDecay;
    }

    public float momentumf() {
        return (float) momentum;
    }

    public float negLr() {
        return (float) -lr;
    }

    /** True when the step keeps a momentum buffer. */
    public boolean hasMomentum() {
        return momentum > 0;
    }
}
