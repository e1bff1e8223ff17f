package dev.colorize.gan.train;

import java.nio.file.Path;

/**
 * Training stopped because a loss (or, before a checkpoint, a weight) became NaN or infinite. The
 * step's update was not applied and no checkpoint was written from the bad state: the last good
 * checkpoint ({@link #lastGoodCheckpoint()}, null if none) is where a resume starts.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final String quantity;
    private final long step;
    private final double value;
    private final Path lastGoodCheckpoint;

    TrainingDivergedException(String quantity, long step, double value, Path lastGoodCheckpoint) {
        super("training diverged at step " + step + ": " + quantity + " is " + value
                + "; stopped before applying the update. Last good checkpoint: "
                + (lastGoodCheckpoint == null ? "none" : lastGoodCheckpoint + " (resume from it, e.g. with a lower learning rate)"));
        this.quantity = quantity;
        this.step = step;
        this.value = value;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** Which quantity was not finite: {@code d_loss}, {@code g_adv}, {@code g_rec} or {@code weights (name)}. */
    public String quantity() {
        return quantity;
    }

    /** The generator step (1-based) that produced it. */
    public long step() {
        return step;
    }

    public double value() {
        return value;
    }

    public Path lastGoodCheckpoint() {
        return lastGoodCheckpoint;
    }
}
