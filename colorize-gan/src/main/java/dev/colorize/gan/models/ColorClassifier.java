package dev.colorize.gan.models;

import dev.colorize.core.tensor.Tensor;

/**
 * A generator with a classification head ({@link AbHead#CLASSIFICATION}): besides ab it exposes the
 * colour-class logits that ab is decoded from, which {@link ColorClassLoss} trains.
 */
public interface ColorClassifier {
    /** ab (as the generator's {@code forward} returns it) and the class logits it was decoded from. */
    record Output(Tensor ab, Tensor logits) {
    }

    /** The quantised ab classes, or null for a regression head. */
    AbBins bins();

    /** {@code forward} on the same input, also returning the logits; one pass for both. */
    Output forwardWithLogits(Tensor input);

    /** Only the class logits for {@code forward}'s input: what a loss on the logits alone needs, without decoding ab. */
    Tensor logits(Tensor input);

    /** How many times smaller the logits' side lengths are than the input's (4 for ECCV16, 2 for the U-Net). */
    int logitsStride();
}
