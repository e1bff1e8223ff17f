package dev.colorize.gan.train;

/**
 * What one generator step did: its number (1-based), the losses (the adversarial part of G's loss,
 * the weighted reconstruction part, D's loss averaged over its steps, NaN without a discriminator),
 * the generator's learning rate, throughput and timing of the run so far.
 */
public record StepResult(long step, long totalSteps, double gAdv, double gRec, double dLoss, double lr,
                         double imagesPerSecond, double elapsedSeconds, double etaSeconds) {

    /** G's total loss. */
    public double gLoss() {
        return gAdv + gRec;
    }
}
