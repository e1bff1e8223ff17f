package dev.colorize.core.backend;

/**
 * The hyper-parameters of one fused SGD step ({@link Backend#sgdStep}), as PyTorch's
 * {@code torch.optim.SGD}. The float constants every backend uses come from the accessors below.
 *
 * @param firstStep the momentum buffer does not exist yet: it starts as the (decayed) gradient
 *                  instead of being blended with its zero-filled value
 */
public record SgdUpdate(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
                        boolean firstStep) {

    public float momentumf() {
        return (float) momentum;
    }

    /** {@code 1 - dampening}. */
    public float keep() {
        return (float) (1 - dampening);
    }

    public float weightDecayf() {
        return (float) weightDecay;
    }

    public float negLr() {
        return (float) -lr;
    }

    /** True when the step keeps a momentum buffer. */
    public boolean hasMomentum() {
        return momentum != 0;
    }
}
