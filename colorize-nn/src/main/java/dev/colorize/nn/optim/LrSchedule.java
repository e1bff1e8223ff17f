package dev.colorize.nn.optim;

/**
 * A learning-rate multiplier as a pure function of the scheduler's step count (an epoch or an
 * iteration, as the caller steps it), so resuming needs only the count.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedule.linearDecay(100, 100);   // pix2pix: constant 100 epochs, then linear to 0
 * LrScheduler sched = new LrScheduler(opt, s);
 * for (int epoch = 0; epoch < 200; epoch++) { train(); sched.step(); }
 * }</pre>
 */
@FunctionalInterface
public interface LrSchedule {
    /** The factor applied to the base learning rate after {@code step} scheduler steps. */
    double factor(long step);

    static LrSchedule constant() {
        return step -> 1.0;
    }

    /**
     * pix2pix's 'linear' policy: 1 for the first {@code nEpochs} steps, then decays linearly over
     * {@code nEpochsDecay + 1} steps: {@code 1 - max(0, step - nEpochs) / (nEpochsDecay + 1)}
     * (with pix2pix's epoch_count = 1 folded in; never below 0).
     */
    static LrSchedule linearDecay(long nEpochs, long nEpochsDecay) {
        if (nEpochs < 0 || nEpochsDecay < 0) {
            throw new IllegalArgumentException("linearDecay: negative epochs " + nEpochs + ", " + nEpochsDecay);
        }
        return step -> Math.max(0.0, 1.0 - Math.max(0, step + 1 - nEpochs) / (double) (nEpochsDecay + 1));
    }

    /** {@code gamma^(step / stepSize)} (integer division), as {@code StepLR}. */
    static LrSchedule step(long stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("step schedule: step size must be >= 1, got " + stepSize);
        }
        return step -> Math.pow(gamma, step / stepSize);
    }
}
